"""Defining tasks (阶段任务): the rules of a task's fields, creating, changing and deleting a task.
A created or changed task syncs its unit tasks (``unit_tasks.unit_tasks_sync``)."""

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.assignments.evidence import EvidenceKind, is_evidence_kind, subkind_choices
from chuangxian.assignments.models import ReviewBy, Task, TaskStatus, UnitTask
from chuangxian.assignments.services._common import AssignmentError, _require_office
from chuangxian.assignments.services.unit_tasks import unit_tasks_sync
from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign, Phase
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import UnitCategory, UnitKind

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
    if not is_evidence_kind(evidence_kind):
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
    Campaign.objects.select_for_update().get(pk=campaign.pk, tenant_id=campaign.tenant_id)
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
    task = (
        Task.objects.select_for_update(of=("self",))
        .select_related("campaign")
        .get(pk=task.pk, tenant_id=task.tenant_id)
    )
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
    task = Task.objects.select_for_update().get(pk=task.pk, tenant_id=task.tenant_id)
    statuses = UnitTask.objects.select_for_update().filter(tenant_id=task.tenant_id, task=task)
    if any(status != TaskStatus.NOT_STARTED for status in statuses.values_list("status", flat=True)):
        raise AssignmentError(
            code="task_in_use",
            message=_("已有单位开始办理或提交了「%(title)s」，不能删除；可以修改任务要求。")
            % {"title": task.title},
        )
    audit_record(actor=actor, action="assignments.task.deleted", target=task, data={"title": task.title})
    task.delete()
