"""Every write to tasks (阶段任务) and unit tasks: defining, syncing, assigning, submitting, reviewing.

Each function decides itself who may act (``permissions``: the office defines tasks, reviews and
names the responsible person; the unit's chair or liaison, an officer above them, the office, or the
task's responsible person submits), whatever the view checked, and raises ``core.errors.Refused``
(code 'forbidden') before it changes anything; and it checks the domain rules: the
phase belongs to the campaign, the responsible person belongs to the unit, the submission is inside
the window, the evidence is the unit's own.
"""

from datetime import date
from typing import IO, Any

from django.core.files.base import File
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.accounts.models import User
from chuangxian.assignments import selectors
from chuangxian.assignments.evidence import EvidenceKind, provider_for, subkind_choices
from chuangxian.assignments.models import ReviewBy, Task, TaskStatus, UnitTask
from chuangxian.assignments.permissions import (
    can_define_tasks,
    can_name_responsible,
    can_review_unit_task,
    can_submit_unit_task,
)
from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign, Phase, PhaseAction
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.files import DOCUMENTS, IMAGES, file_check, stored_name
from chuangxian.core.roles import Role
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, UnitCategory, UnitKind

TASK_FIELDS = (
    "phase",
    "title",
    "code",
    "description",
    "categories",
    "unit_kinds",
    "due_on",
    "evidence_kind",
    "meeting_kind",
    "review_by",
    "order",
)
DOCUMENT_KINDS = DOCUMENTS + IMAGES


class AssignmentError(DomainError):
    pass


def _require_office(actor: Actor, tenant_id: int) -> None:
    """Raises Refused 'forbidden' unless ``actor`` is the tenant's office (or an admin, or the system)."""
    if not can_define_tasks(actor, tenant_id):
        raise Refused(_("只有学校工会可以设置和审核阶段任务。"), code="forbidden")


def _require_submitter(actor: Actor, unit_task: UnitTask) -> None:
    """Raises Refused 'forbidden' unless ``actor`` may act for the unit on this task: its chair or
    liaison, an officer whose scope covers it, the office, or the task's responsible person."""
    if not can_submit_unit_task(actor, unit_task):
        raise Refused(
            _("只有「%(unit)s」的主席、联络员、本任务的责任人或学校工会可以办理这项任务。")
            % {"unit": unit_task.unit.name},
            code="forbidden",
        )


def _person(actor: Actor) -> User | None:
    """The login to record as who submitted or reviewed; None when the system acted."""
    return actor if isinstance(actor, User) else None


# --- Tasks -------------------------------------------------------------------------------------------


def task_due_check(*, due_on: date | None, phase: Phase) -> date:
    """The task's due date: ``due_on``, or the phase's end when empty; never before the phase starts.

    Raises AssignmentError 'due_before_phase'; TaskForm runs it too.
    """
    due = due_on or phase.ends_on
    if due < phase.starts_on:
        raise AssignmentError(
            code="due_before_phase",
            message=_("截止日期不能早于阶段开始日期 %(start)s。") % {"start": phase.starts_on.isoformat()},
            field="due_on",
        )
    return due


def _clean_task(
    *,
    campaign: Campaign,
    phase: Phase,
    title: str,
    code: str,
    categories: list[str],
    unit_kinds: list[str],
    due_on: date | None,
    evidence_kind: str,
    review_by: str,
    exclude_pk: int | None = None,
) -> tuple[str, str, date]:
    """Raises AssignmentError 'title_required', 'wrong_phase', 'due_before_phase', 'duplicate_code',
    'bad_category', 'bad_kind', 'no_kinds', 'bad_evidence', 'bad_review'."""
    title = title.strip()
    if not title:
        raise AssignmentError(code="title_required", message=_("请填写任务名称。"), field="title")
    if phase.campaign_id != campaign.pk or phase.tenant_id != campaign.tenant_id:
        raise AssignmentError(code="wrong_phase", message=_("所选阶段不属于本次创先活动。"), field="phase")
    due = task_due_check(due_on=due_on, phase=phase)
    allowed_categories = {c for c in UnitCategory.values if c}
    if any(c not in allowed_categories for c in categories):
        raise AssignmentError(code="bad_category", message=_("单位类别无效。"), field="categories")
    if not unit_kinds:
        raise AssignmentError(
            code="no_kinds", message=_("请至少选择一种适用的组织类型。"), field="unit_kinds"
        )
    if any(k not in UnitKind.values for k in unit_kinds):
        raise AssignmentError(code="bad_kind", message=_("组织类型无效。"), field="unit_kinds")
    if evidence_kind not in EvidenceKind.values:
        raise AssignmentError(code="bad_evidence", message=_("所需材料类型无效。"), field="evidence_kind")
    if review_by not in ReviewBy.values:
        raise AssignmentError(code="bad_review", message=_("审核方式无效。"), field="review_by")
    code = code.strip()
    if not code:  # the first free "task-<n>": counting the tasks alone repeats a code after a deletion
        taken = set(
            Task.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).values_list(
                "code", flat=True
            )
        )
        n = len(taken) + 1
        while f"task-{n}" in taken:
            n += 1
        code = f"task-{n}"
    clash = Task.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign, code=code)
    if exclude_pk is not None:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise AssignmentError(
            code="duplicate_code",
            message=_("本次创先活动已有代码为「%(code)s」的任务，请换一个代码。") % {"code": code},
            field="code",
        )
    return title, code, due


@transaction.atomic
def task_create(
    *,
    campaign: Campaign,
    phase: Phase,
    title: str,
    actor: Actor,
    code: str = "",
    description: str = "",
    categories: list[str] | None = None,
    unit_kinds: list[str] | None = None,
    due_on: date | None = None,
    evidence_kind: str = EvidenceKind.DOCUMENT,
    meeting_kind: str = "",
    review_by: str = ReviewBy.OFFICE,
    order: int | None = None,
) -> Task:
    """Create a task and its unit tasks. The due date defaults to the phase's end. ``meeting_kind``
    (a task whose evidence is a meeting record) names the kind of meeting it asks for.

    Locks the campaign row so that two creations cannot take the same code. Raises Refused
    'forbidden' (not the office), or AssignmentError: see ``_clean_task``.
    """
    _require_office(actor, campaign.tenant_id)
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    categories = list(categories or [])
    unit_kinds = list(unit_kinds) if unit_kinds is not None else [UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP]
    title, code, due = _clean_task(
        campaign=campaign,
        phase=phase,
        title=title,
        code=code,
        categories=categories,
        unit_kinds=unit_kinds,
        due_on=due_on,
        evidence_kind=evidence_kind,
        review_by=review_by,
    )
    if order is None:
        order = Task.objects.filter(tenant_id=campaign.tenant_id, phase=phase).count() + 1
    task = Task.objects.create(
        tenant_id=campaign.tenant_id,
        campaign=campaign,
        phase=phase,
        title=title,
        code=code,
        description=description.strip(),
        categories=categories,
        unit_kinds=unit_kinds,
        due_on=due,
        evidence_kind=evidence_kind,
        meeting_kind=_clean_meeting_kind(evidence_kind, meeting_kind),
        review_by=review_by,
        order=order,
    )
    audit_record(
        actor=actor, action="assignments.task.created", target=task, data=snapshot(task, TASK_FIELDS)
    )
    unit_tasks_sync(task=task, actor=actor)
    return task


def _clean_meeting_kind(evidence_kind: str, meeting_kind: str) -> str:
    """The meeting kind a task keeps: only a task that needs a meeting record has one, and it must be
    one the meetings provider knows. Raises AssignmentError 'bad_meeting_kind'."""
    if evidence_kind != EvidenceKind.MEETING or not meeting_kind:
        return ""
    known = {value for value, _label in subkind_choices(EvidenceKind.MEETING)}
    if known and meeting_kind not in known:  # no meetings provider (tests): kept as given
        raise AssignmentError(
            code="bad_meeting_kind", message=_("会议类型无效，请重新选择。"), field="meeting_kind"
        )
    return meeting_kind


@transaction.atomic
def task_update(*, task: Task, actor: Actor, **fields: Any) -> Task:
    """Change a task; unit tasks follow a change of kinds or categories (see ``unit_tasks_sync``).

    Raises Refused 'forbidden' (not the office), or AssignmentError: see ``_clean_task``.
    """
    _require_office(actor, task.tenant_id)
    task = Task.objects.select_for_update(of=("self",)).select_related("campaign").get(pk=task.pk)
    unknown = set(fields) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"unknown task fields: {sorted(unknown)}")
    before = snapshot(task, TASK_FIELDS)
    values = {name: fields.get(name, getattr(task, name)) for name in TASK_FIELDS}
    title, code, due = _clean_task(
        campaign=task.campaign,
        phase=values["phase"],
        title=values["title"],
        code=values["code"],
        categories=list(values["categories"]),
        unit_kinds=list(values["unit_kinds"]),
        due_on=values["due_on"],
        evidence_kind=values["evidence_kind"],
        review_by=values["review_by"],
        exclude_pk=task.pk,
    )
    values.update(title=title, code=code, due_on=due, description=str(values["description"]).strip())
    values["meeting_kind"] = _clean_meeting_kind(values["evidence_kind"], values["meeting_kind"])
    for name, value in values.items():
        setattr(task, name, value)
    task.save()
    changes = diff(before, snapshot(task, TASK_FIELDS))
    if changes:
        audit_record(actor=actor, action="assignments.task.updated", target=task, changes=changes)
    unit_tasks_sync(task=task, actor=actor)
    return task


@transaction.atomic
def task_delete(*, task: Task, actor: Actor) -> None:
    """Delete a task no unit has started. Raises Refused 'forbidden', AssignmentError 'task_in_use'.

    Locks the task and its unit tasks before looking at them: a unit starting or submitting locks
    its unit task, so it either commits first (and the deletion is refused) or waits until the
    task is gone; without the lock a submission made meanwhile would be deleted with the task.
    """
    _require_office(actor, task.tenant_id)
    task = Task.objects.select_for_update().get(pk=task.pk)
    statuses = UnitTask.objects.select_for_update().filter(tenant_id=task.tenant_id, task=task)
    if any(status != TaskStatus.NOT_STARTED for status in statuses.values_list("status", flat=True)):
        raise AssignmentError(
            code="task_in_use",
            message=_("已有单位开始办理或提交了「%(title)s」，不能删除；可以修改任务要求。")
            % {"title": task.title},
        )
    audit_record(actor=actor, action="assignments.task.deleted", target=task, data={"title": task.title})
    task.delete()


DEFAULT_TASKS: list[dict[str, Any]] = [
    {
        "code": "mobilisation_meeting",
        "title": gettext_lazy("召开动员大会"),
        "description": gettext_lazy(
            "召开全体教职工（会员）动员大会，传达学习创先争优活动实施方案，部署本单位的创先争优活动。"
            "提交动员大会的会议记录（含出席情况和照片）。"
        ),
        "evidence_kind": EvidenceKind.MEETING,
        "meeting_kind": "mobilisation",  # meetings.MeetingKind.MOBILISATION
        "review_by": ReviewBy.OFFICE,
        "stage": "first",
    },
    {
        "code": "study_documents",
        "title": gettext_lazy("组织学习文件"),
        "description": gettext_lazy(
            "组织会员学习创先争优活动实施方案及其依据的文件。提交学习会的会议记录即告完成。"
        ),
        "evidence_kind": EvidenceKind.MEETING,
        "meeting_kind": "study",  # meetings.MeetingKind.STUDY
        "review_by": ReviewBy.NONE,
        "stage": "first",
    },
    {
        "code": "unit_plan",
        "title": gettext_lazy("制定工会活动方案"),
        "description": gettext_lazy(
            "结合本单位实际制定创先争优活动方案（目标、措施、拟开展项目、进度安排、责任人），"
            "报学校工会审核。任务状态随方案审核自动更新。"
        ),
        "evidence_kind": EvidenceKind.PLAN,
        "review_by": ReviewBy.OFFICE,
        "stage": "first",
    },
    {
        "code": "summary",
        "title": gettext_lazy("提交总结"),
        "description": gettext_lazy("全面总结本单位开展创先争优活动的做法、成效和经验，上传总结材料。"),
        "evidence_kind": EvidenceKind.DOCUMENT,
        "review_by": ReviewBy.OFFICE,
        "stage": "summary",
    },
]


def _default_phases(campaign: Campaign) -> dict[str, Phase | None]:
    phases = list(Phase.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).order_by("order"))
    first = next(
        (p for p in phases if PhaseAction.MEETING in p.actions or PhaseAction.UNIT_PLAN in p.actions),
        phases[0] if phases else None,
    )
    summary = next((p for p in phases if PhaseAction.SUMMARY in p.actions), None)
    if summary is None and len(phases) >= 4:
        summary = phases[3]
    return {"first": first, "summary": summary}


@transaction.atomic
def tasks_create_defaults(*, campaign: Campaign, actor: Actor) -> list[Task]:
    """Create the seed's default tasks that the campaign does not have yet (matched by code).

    Phase 1 (the phase allowing meetings or unit plans, else the first): 召开动员大会 (a meeting
    record, reviewed by the office), 组织学习文件 (the study meeting's record, no review), 制定工会
    活动方案 (the unit plan, whose own review drives the status). The summary phase (the one allowing
    the summary, else the fourth): 提交总结 (an uploaded document, reviewed). Returns the tasks created.
    Raises Refused 'forbidden' (not the office).
    """
    _require_office(actor, campaign.tenant_id)
    Campaign.objects.select_for_update().get(pk=campaign.pk)
    phases = _default_phases(campaign)
    existing = set(
        Task.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign).values_list("code", flat=True)
    )
    created = []
    for spec in DEFAULT_TASKS:
        phase = phases[spec["stage"]]
        if phase is None or spec["code"] in existing:
            continue
        created.append(
            task_create(
                campaign=campaign,
                phase=phase,
                title=str(spec["title"]),
                code=spec["code"],
                description=str(spec["description"]),
                evidence_kind=spec["evidence_kind"],
                meeting_kind=spec.get("meeting_kind", ""),
                review_by=spec["review_by"],
                actor=actor,
            )
        )
    return created


# --- Unit tasks --------------------------------------------------------------------------------------


@transaction.atomic
def unit_tasks_sync(*, task: Task, actor: Actor) -> int:
    """Give every active unit of the task's kinds and categories its unit task (bulk, idempotent).

    New units get theirs on the next sync. A unit that no longer matches loses its unit task only if
    it has not started it. The responsible person defaults to the unit's chair. Returns rows created.
    Raises Refused 'forbidden' (not the office).
    """
    _require_office(actor, task.tenant_id)
    units = list(selectors.units_for_task(task).values_list("pk", flat=True))
    have = set(UnitTask.objects.filter(tenant_id=task.tenant_id, task=task).values_list("unit_id", flat=True))
    missing = [pk for pk in units if pk not in have]
    chairs: dict[int, int] = {}
    for unit_id, member_id in (
        RoleAssignment.objects.filter(tenant_id=task.tenant_id, unit_id__in=missing, role=Role.CHAIR)
        .order_by("-id")
        .values_list("unit_id", "member_id")
    ):
        chairs[unit_id] = member_id  # the earliest appointed chair wins (ordered newest first)
    UnitTask.objects.bulk_create(
        [
            UnitTask(tenant_id=task.tenant_id, task=task, unit_id=pk, responsible_id=chairs.get(pk))
            for pk in missing
        ],
        ignore_conflicts=True,
    )
    stale = UnitTask.objects.filter(
        tenant_id=task.tenant_id, task=task, status=TaskStatus.NOT_STARTED, evidence_key="", document=""
    ).exclude(unit_id__in=units)
    removed, _detail = stale.delete()
    if missing or removed:
        audit_record(
            actor=actor,
            action="assignments.task.synced",
            target=task,
            data={"added": len(missing), "removed": removed},
        )
    return len(missing)


@transaction.atomic
def unit_task_set_responsible(*, unit_task: UnitTask, member: Member | None, actor: Actor) -> UnitTask:
    """Set the unit task's responsible person (责任人): an active member of the unit or its subtree.

    Raises Refused 'forbidden' (not the office), AssignmentError 'member_outside_unit'.
    """
    unit_task = UnitTask.objects.select_for_update(of=("self",)).select_related("unit").get(pk=unit_task.pk)
    if not can_name_responsible(actor, unit_task):
        raise Refused(_("只有学校工会可以指定阶段任务的责任人。"), code="forbidden")
    if member is not None:
        member = Member.objects.select_related("unit").get(pk=member.pk)
        if (
            member.tenant_id != unit_task.tenant_id
            or not member.unit.path.startswith(unit_task.unit.path)
            or member.status != MemberStatus.ACTIVE
        ):
            raise AssignmentError(
                code="member_outside_unit",
                message=_("责任人须是「%(unit)s」的在职会员。") % {"unit": unit_task.unit.name},
                field="responsible",
            )
    before = unit_task.responsible_id
    unit_task.responsible = member
    unit_task.save(update_fields=["responsible", "updated_at"])
    audit_record(
        actor=actor,
        action="assignments.unit_task.responsible_set",
        target=unit_task,
        unit=unit_task.unit,
        changes={"responsible": [before, member.pk if member else None]},
    )
    return unit_task


def _lock(unit_task: UnitTask) -> UnitTask:
    # Only the unit task row: locking the joined task, phase and campaign rows too would make every
    # unit's submission wait for every other's.
    return (
        UnitTask.objects.select_for_update(of=("self",))
        .select_related("task", "task__phase", "task__campaign", "unit")
        .get(pk=unit_task.pk)
    )


def _require_window(unit_task: UnitTask) -> None:
    """Raises AssignmentError 'not_started' or 'window_closed' (saying when it closed); see
    ``selectors.window_refusal``."""
    refusal = selectors.window_refusal(unit_task)
    if refusal is not None:
        raise AssignmentError(code=refusal[0], message=refusal[1])


def _mirrored(unit_task: UnitTask) -> str | None:
    provider = provider_for(unit_task.task.evidence_kind)
    if provider is None:
        return None
    return provider.mirrored_status(unit=unit_task.unit, campaign=unit_task.task.campaign)


def _require_own_cycle(unit_task: UnitTask) -> None:
    if _mirrored(unit_task) is not None:
        raise AssignmentError(
            code="mirrored",
            message=_("「%(task)s」的状态随%(kind)s的审核自动更新，请到相应页面办理。")
            % {"task": unit_task.task.title, "kind": unit_task.task.get_evidence_kind_display()},
        )


SUBMITTABLE = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED)


@transaction.atomic
def unit_task_start(*, unit_task: UnitTask, actor: Actor) -> UnitTask:
    """Mark a not-started unit task as in progress (进行中); nothing else changes. Raises
    Refused 'forbidden' (see ``_require_submitter``)."""
    unit_task = _lock(unit_task)
    _require_submitter(actor, unit_task)
    if unit_task.status == TaskStatus.NOT_STARTED:
        unit_task.status = TaskStatus.IN_PROGRESS
        unit_task.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor, action="assignments.unit_task.started", target=unit_task, unit=unit_task.unit
        )
    return unit_task


@transaction.atomic
def unit_task_submit(
    *,
    unit_task: UnitTask,
    actor: Actor,
    evidence_key: str = "",
    document: IO[bytes] | None = None,
    document_name: str = "",
) -> UnitTask:
    """Attach the evidence and submit: 待审核 when the office reviews the task, else 已完成.

    Locks the unit task, then checks that ``actor`` may act for the unit (``_require_submitter``: the
    responsible person is read from the locked row). Evidence by kind: a meeting or plan key from the
    provider's options for this unit, an uploaded document (type from content, size-limited), or
    nothing. Raises Refused 'forbidden'; AssignmentError 'already_submitted', 'done', 'mirrored',
    'not_started', 'window_closed', 'evidence_required', 'evidence_unknown', 'provider_missing'; or
    FileCheckError.
    """
    unit_task = _lock(unit_task)
    _require_submitter(actor, unit_task)
    task = unit_task.task
    if unit_task.status == TaskStatus.SUBMITTED:
        raise AssignmentError(code="already_submitted", message=_("已提交，请等待学校工会审核。"))
    if unit_task.status == TaskStatus.DONE:
        raise AssignmentError(code="done", message=_("该任务已完成，无需再次提交。"))
    _require_own_cycle(unit_task)
    _require_window(unit_task)
    before = snapshot(unit_task, ("status", "evidence_key", "document_name"))
    if task.evidence_kind == EvidenceKind.DOCUMENT:
        if document is None:
            raise AssignmentError(
                code="evidence_required", message=_("请选择要上传的文件。"), field="document"
            )
        kind = file_check(document, name=document_name, allowed=DOCUMENT_KINDS)
        unit_task.document.save(stored_name(kind, document_name), File(document), save=False)
        unit_task.document_name = document_name[:200]
        unit_task.evidence_key, unit_task.evidence_label, unit_task.evidence_url = "", document_name[:200], ""
    elif task.evidence_kind in (EvidenceKind.MEETING, EvidenceKind.PLAN):
        provider = provider_for(task.evidence_kind)
        if provider is None:
            raise AssignmentError(
                code="provider_missing",
                message=_("%(kind)s功能尚未启用，暂时无法提交。")
                % {"kind": task.get_evidence_kind_display()},
            )
        if not evidence_key:
            raise AssignmentError(
                code="evidence_required",
                message=_("请选择作为材料的%(kind)s。") % {"kind": task.get_evidence_kind_display()},
                field="evidence_key",
            )
        options = {o.key: o for o in provider.options(unit=unit_task.unit, campaign=task.campaign, task=task)}
        option = options.get(evidence_key)
        if option is None:
            raise AssignmentError(
                code="evidence_unknown",
                message=_("所选材料不是本单位在本次创先活动中的记录，请重新选择。"),
                field="evidence_key",
            )
        unit_task.evidence_key = option.key
        unit_task.evidence_label = option.label[:200]
        unit_task.evidence_url = option.url[:300]
    unit_task.status = TaskStatus.SUBMITTED if task.needs_review else TaskStatus.DONE
    unit_task.submitted_at = clock.now()
    unit_task.submitted_by = _person(actor)
    unit_task.save()
    audit_record(
        actor=actor,
        action="assignments.unit_task.submitted",
        target=unit_task,
        unit=unit_task.unit,
        changes=diff(before, snapshot(unit_task, ("status", "evidence_key", "document_name"))),
    )
    return unit_task


@transaction.atomic
def unit_task_mark_done(*, unit_task: UnitTask, actor: Actor) -> UnitTask:
    """Mark done a task that needs no evidence and no review. Raises Refused 'forbidden' (see
    ``_require_submitter``), AssignmentError 'needs_evidence', 'done', 'not_started', 'window_closed'."""
    unit_task = _lock(unit_task)
    _require_submitter(actor, unit_task)
    task = unit_task.task
    if task.evidence_kind != EvidenceKind.NONE or task.needs_review:
        raise AssignmentError(
            code="needs_evidence", message=_("该任务需要提交材料或经学校工会审核，不能直接标为完成。")
        )
    if unit_task.status == TaskStatus.DONE:
        raise AssignmentError(code="done", message=_("该任务已完成。"))
    _require_window(unit_task)
    unit_task.status = TaskStatus.DONE
    unit_task.submitted_at = clock.now()
    unit_task.submitted_by = _person(actor)
    unit_task.save()
    audit_record(actor=actor, action="assignments.unit_task.done", target=unit_task, unit=unit_task.unit)
    return unit_task


@transaction.atomic
def unit_task_review(*, unit_task: UnitTask, approve: bool, comment: str = "", actor: Actor) -> UnitTask:
    """The office approves (已完成) or returns (已退回, with a comment saying what to fix) a submission.

    Locks the unit task. A return notifies the responsible person. Raises Refused 'forbidden' (not a
    person of the office: the system does not review), AssignmentError 'not_submitted',
    'comment_required'.
    """
    unit_task = _lock(unit_task)
    if not can_review_unit_task(actor, unit_task):
        raise Refused(_("只有学校工会的工作人员可以审核阶段任务的提交。"), code="forbidden")
    if unit_task.status != TaskStatus.SUBMITTED:
        raise AssignmentError(code="not_submitted", message=_("该任务当前没有待审核的提交。"))
    comment = comment.strip()
    if not approve and not comment:
        raise AssignmentError(
            code="comment_required", message=_("退回时请写明需要修改的地方。"), field="comment"
        )
    unit_task.status = TaskStatus.DONE if approve else TaskStatus.RETURNED
    unit_task.reviewed_at = clock.now()
    unit_task.reviewed_by = _person(actor)
    unit_task.review_comment = comment
    unit_task.save()
    audit_record(
        actor=actor,
        action="assignments.unit_task.approved" if approve else "assignments.unit_task.returned",
        target=unit_task,
        unit=unit_task.unit,
        data={"comment": comment},
    )
    if not approve and unit_task.responsible_id is not None:
        notify(
            tenant_id=unit_task.tenant_id,
            recipients=Member.objects.filter(pk=unit_task.responsible_id),
            kind="assignments.returned",
            title=_("「%(task)s」被退回，请修改后重新提交") % {"task": unit_task.task.title},
            body=comment,
            url=reverse("assignments:unit_task", args=[unit_task.pk]),
        )
    return unit_task
