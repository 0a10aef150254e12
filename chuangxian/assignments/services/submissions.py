"""A unit's work on its task: starting it, submitting the evidence, marking done a task that needs
none, and the office's review (approve, or return with a comment).

Every status change goes through ``TASK_CYCLE`` (the shared review cycle, ``review.cycle``); each
submission is kept as a version (``review.Revision``) and each review as a decision
(``review.Decision``), shown on the unit task's 修改记录/对比 page.
"""

from typing import IO

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.assignments import selectors
from chuangxian.assignments.evidence import EvidenceKind, is_record_kind, provider_for
from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.assignments.permissions import can_review_unit_task
from chuangxian.assignments.services._common import AssignmentError, _require_submitter
from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.attachments import store
from chuangxian.core.errors import Refused
from chuangxian.core.files import DOCUMENTS, IMAGES
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member
from chuangxian.review.cycle import ReviewCycle

DOCUMENT_KINDS = DOCUMENTS + IMAGES

# A unit task's cycle: not started → in progress → submitted → done (approved) or returned →
# submitted again. A task the office does not review goes straight to done when submitted or marked.
TASK_CYCLE = ReviewCycle(
    statuses=TaskStatus,
    noun=gettext_lazy("任务"),
    drafts=(TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS, TaskStatus.RETURNED),
    submitted=TaskStatus.SUBMITTED,
    approved=TaskStatus.DONE,
    returned=TaskStatus.RETURNED,
    error=AssignmentError,
    more={
        TaskStatus.NOT_STARTED: (TaskStatus.IN_PROGRESS, TaskStatus.DONE),
        TaskStatus.IN_PROGRESS: (TaskStatus.DONE,),
        TaskStatus.RETURNED: (TaskStatus.DONE,),
    },
    submit_refusals={
        TaskStatus.SUBMITTED: ("already_submitted", gettext_lazy("已提交，请等待学校工会审核。")),
        TaskStatus.DONE: ("done", gettext_lazy("该任务已完成，无需再次提交。")),
    },
    not_submitted=("not_submitted", gettext_lazy("该任务当前没有待审核的提交。")),
    comment_required=gettext_lazy("退回时请写明需要修改的地方。"),
)


def _lock(unit_task: UnitTask) -> UnitTask:
    # Only the unit task row: locking the joined task, phase and campaign rows too would make every
    # unit's submission wait for every other's.
    return (
        UnitTask.objects.select_for_update(of=("self",))
        .select_related("task", "task__phase", "task__campaign", "unit")
        .get(pk=unit_task.pk, tenant_id=unit_task.tenant_id)
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


SUBMITTABLE = TASK_CYCLE.drafts


def _revision_fields(unit_task: UnitTask) -> list[tuple[str, str]]:
    """What a submission freezes as its version, for the 修改记录 and the compare."""
    return [
        (_("所需材料"), unit_task.task.get_evidence_kind_display()),
        (_("提交的材料"), unit_task.evidence_label),
    ]


@transaction.atomic
def unit_task_start(*, unit_task: UnitTask, actor: Actor) -> UnitTask:
    """Mark a not-started unit task as in progress (进行中); nothing else changes. Raises
    Refused 'forbidden' (see ``_require_submitter``)."""
    unit_task = _lock(unit_task)
    _require_submitter(actor, unit_task)
    if unit_task.status == TaskStatus.NOT_STARTED:
        TASK_CYCLE.move(unit_task, TaskStatus.IN_PROGRESS)
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
    before = snapshot(unit_task, ("status", "evidence_key", "document_name"))
    # 待审核 when the office reviews the task, else 已完成; refuses 'already_submitted', 'done'.
    TASK_CYCLE.submit(unit_task, target=TaskStatus.SUBMITTED if task.needs_review else TaskStatus.DONE)
    _require_own_cycle(unit_task)
    _require_window(unit_task)
    if task.evidence_kind == EvidenceKind.DOCUMENT:
        if document is None:
            raise AssignmentError(
                code="evidence_required", message=_("请选择要上传的文件。"), field="document"
            )
        # A resubmission (after the office returned it) replaces the document: the old file goes after commit.
        store(unit_task.document, document, name=document_name, allowed=DOCUMENT_KINDS)
        unit_task.document_name = document_name[:200]
        unit_task.evidence_key, unit_task.evidence_label, unit_task.evidence_url = "", document_name[:200], ""
    elif is_record_kind(task.evidence_kind):
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
    unit_task.submitted_at = clock.now()
    unit_task.submitted_by = login_of(actor)
    unit_task.save()
    TASK_CYCLE.record_revision(unit_task, fields=_revision_fields(unit_task), actor=actor)
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
    TASK_CYCLE.move(unit_task, TaskStatus.DONE)
    unit_task.submitted_at = clock.now()
    unit_task.submitted_by = login_of(actor)
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
    decision = TASK_CYCLE.decide(unit_task, approve=approve, comment=comment, actor=actor)
    comment = decision.comment
    # The latest decision, kept on the row for the unit's task list.
    unit_task.reviewed_at = decision.created_at
    unit_task.reviewed_by = decision.reviewer
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
