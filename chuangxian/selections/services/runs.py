"""A selection's run: created as a draft, opened at its first stage (the unit nomination), moved one
stage forward at a time by the office; only the office, with a reason, moves it to any other of its
stages (back, or skipping some), and that move is audited with the reason.

Leaving a stage forward settles what it decided (``_leave``): after the party review, entries the
party organisation disagreed with are removed; after the office's first review, entries still
returned are removed. ``selection_advance`` first refuses to leave a stage with work left (an entry
without the party's opinion, an entry not reviewed); ``selection_stage_set`` does not (the office
overrides with a reason) but settles the same way. Moving back settles nothing and undoes nothing.
"""

from collections.abc import Callable
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.campaigns.models import Campaign
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError
from chuangxian.selections.models import (
    EntryStatus,
    PartyDecision,
    Selection,
    SelectionStatus,
    SelectionType,
    Stage,
)
from chuangxian.selections.selectors import quota_rows
from chuangxian.selections.services._common import SelectionError, _require_office, locked_selection


def stage_label(stage: str) -> str:
    return str(Stage(stage).label) if stage in Stage.values else stage


@transaction.atomic
def selection_create(
    *,
    campaign: Campaign,
    selection_type: SelectionType,
    title: str,
    nomination_ends_on: date,
    description: str = "",
    actor: Actor,
) -> Selection:
    """The office creates a selection of ``selection_type`` in ``campaign``, as a draft; it copies the
    type's stages. Raises Refused 'not_office'; SelectionError 'other_school', 'type_inactive',
    'title_required', 'title_taken'."""
    _require_office(actor, campaign.tenant_id)
    if selection_type.tenant_id != campaign.tenant_id:
        raise SelectionError(code="other_school", message=_("评选类型不属于本校。"), field="type")
    if not selection_type.is_active:
        raise SelectionError(code="type_inactive", message=_("该评选类型已停用，请先启用。"), field="type")
    title = title.strip()
    if not title:
        raise SelectionError(code="title_required", message=_("请填写评选标题。"), field="title")
    if Selection.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign, title=title).exists():
        raise SelectionError(code="title_taken", message=_("本次创先活动中已有同名的评选。"), field="title")
    selection = Selection.objects.create(
        tenant_id=campaign.tenant_id,
        campaign=campaign,
        type=selection_type,
        title=title,
        description=description.strip(),
        nomination_ends_on=nomination_ends_on,
        stages=list(selection_type.stages),
        created_by=login_of(actor),
    )
    audit_record(
        actor=actor,
        action="selections.selection.created",
        target=selection,
        data={"type": selection_type.name, "stages": selection.stages},
    )
    return selection


@transaction.atomic
def selection_update(
    *, selection: Selection, title: str, nomination_ends_on: date, description: str = "", actor: Actor
) -> Selection:
    """The office changes a selection's title, description or nomination deadline (to extend the
    nominations, say) until it is finished. Locks the selection. Raises Refused 'not_office';
    SelectionError 'finished', 'title_required', 'title_taken'."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    if selection.status == SelectionStatus.FINISHED:
        raise SelectionError(code="finished", message=_("评选已经结束，不能再修改。"))
    title = title.strip()
    if not title:
        raise SelectionError(code="title_required", message=_("请填写评选标题。"), field="title")
    if (
        Selection.objects.filter(
            tenant_id=selection.tenant_id, campaign_id=selection.campaign_id, title=title
        )
        .exclude(pk=selection.pk)
        .exists()
    ):
        raise SelectionError(code="title_taken", message=_("本次创先活动中已有同名的评选。"), field="title")
    after = {"title": title, "description": description.strip(), "nomination_ends_on": nomination_ends_on}
    changes = {
        name: [str(getattr(selection, name)), str(value)]
        for name, value in after.items()
        if getattr(selection, name) != value
    }
    for name, value in after.items():
        setattr(selection, name, value)
    selection.save(update_fields=[*after, "updated_at"])
    audit_record(actor=actor, action="selections.selection.updated", target=selection, changes=changes)
    return selection


@transaction.atomic
def selection_open(*, selection: Selection, actor: Actor) -> Selection:
    """The office opens a draft selection at its first stage (the unit nomination). Locks the
    selection. Raises Refused 'not_office'; SelectionError 'not_draft'."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    if selection.status != SelectionStatus.DRAFT:
        raise SelectionError(code="not_draft", message=_("该评选已经开始，不能再次开始。"))
    selection.status = SelectionStatus.OPEN
    selection.stage = selection.stages[0]
    selection.opened_at = clock.now()
    selection.save(update_fields=["status", "stage", "opened_at", "updated_at"])
    audit_record(
        actor=actor, action="selections.selection.opened", target=selection, data={"stage": selection.stage}
    )
    return selection


def _pending_party(selection: Selection) -> list[str]:
    return list(
        selection.entries.filter(
            tenant_id=selection.tenant_id, status=EntryStatus.NOMINATED, party_decision=""
        ).values_list("candidate_name", flat=True)
    )


def _pending_review(selection: Selection) -> list[str]:
    return list(
        selection.entries.filter(tenant_id=selection.tenant_id, status=EntryStatus.NOMINATED).values_list(
            "candidate_name", flat=True
        )
    )


ExitCheck = Callable[[Selection], DomainError | None]
_exit_checks: dict[str, list[ExitCheck]] = {}


def register_exit_check(stage: str, check: ExitCheck) -> None:
    """What another app requires before a selection leaves ``stage`` forward (the public notice:
    only once the notice has been confirmed after its period, ``publicnotice``). ``check`` returns
    the refusal, or None. Registered in the app's ``ready()``."""
    if check not in _exit_checks.setdefault(stage, []):
        _exit_checks[stage].append(check)


Settle = Callable[[Selection], int]
_settles: dict[str, list[Settle]] = {}


def register_settle(stage: str, settle: Settle) -> None:
    """What another part of the engine settles when a selection leaves ``stage`` forward (the
    judges' scoring: entries outside a panel's places are removed; the democratic recommendation:
    entries not recommended are removed). ``settle`` runs inside the move's transaction with the
    selection locked, writes through ``entries_settle`` and returns how many entries it removed.
    Registered in the app's ``ready()``."""
    if settle not in _settles.setdefault(stage, []):
        _settles[stage].append(settle)


def _exit_refusal(selection: Selection) -> DomainError | None:
    """Why the current stage may not be left yet (None: it may)."""
    for check in _exit_checks.get(selection.stage, []):
        refusal = check(selection)
        if refusal is not None:
            return refusal
    if selection.stage == Stage.NOMINATION:
        short = [
            row for row in quota_rows(selection) if row.short and row.quota.limit > 0 and row.members > 0
        ]
        if short:
            return SelectionError(
                code="quota_short",
                message=_(
                    "以下单位的推荐数少于每单位至少推荐的数量：%(units)s。请推荐单位补齐后再进入下一环节"
                    "（如确有原因，学校工会可写明理由后调整环节）。"
                )
                % {
                    "units": "、".join(
                        _("%(unit)s（至少 %(min)d，已推荐 %(used)d）")
                        % {"unit": row.unit.name, "min": row.quota.minimum, "used": row.used}
                        for row in short
                    )
                },
            )
    if selection.stage == Stage.PARTY_REVIEW:
        pending = _pending_party(selection)
        if pending:
            return SelectionError(
                code="party_pending",
                message=_("以下推荐对象还没有登记党组织意见：%(names)s。请推荐单位登记后再进入下一环节。")
                % {"names": "、".join(pending)},
            )
    if selection.stage == Stage.OFFICE_REVIEW:
        pending = _pending_review(selection)
        if pending:
            return SelectionError(
                code="review_pending",
                message=_("以下推荐对象还没有初审：%(names)s。请审核后再进入下一环节。")
                % {"names": "、".join(pending)},
            )
    return None


def _leave(selection: Selection, stage: str) -> int:
    """Settle what ``stage`` decided as the selection leaves it forward; returns the entries removed."""
    entries = selection.entries.filter(tenant_id=selection.tenant_id)
    removed = sum(settle(selection) for settle in _settles.get(stage, []))
    if stage == Stage.PARTY_REVIEW:
        return removed + entries.filter(
            status=EntryStatus.NOMINATED, party_decision=PartyDecision.DISAGREE
        ).update(status=EntryStatus.REMOVED, removed_reason=_("党组织不同意推荐"), updated_at=clock.now())
    if stage == Stage.OFFICE_REVIEW:
        return removed + entries.filter(status=EntryStatus.RETURNED).update(
            status=EntryStatus.REMOVED, removed_reason=_("初审退回后未重新提交"), updated_at=clock.now()
        )
    return removed


def _move(selection: Selection, target: str) -> int:
    """Set the stage (settling the stages passed when moving forward) and the status it implies."""
    order = selection.stages
    removed = 0
    if order.index(target) > order.index(selection.stage):
        for passed in order[order.index(selection.stage) : order.index(target)]:
            removed += _leave(selection, passed)
    selection.stage = target
    selection.status = SelectionStatus.FINISHED if target == Stage.FINAL else SelectionStatus.OPEN
    selection.save(update_fields=["stage", "status", "updated_at"])
    return removed


@transaction.atomic
def selection_advance(*, selection: Selection, from_stage: str, actor: Actor) -> Selection:
    """The office moves a running selection from ``from_stage`` (the stage the page showed) to the
    next of its stages, once the current stage's work is done. ``from_stage`` keeps a second click,
    or a colleague's page shown before the first move, from skipping a stage. Locks the selection.
    Raises Refused 'not_office'; SelectionError 'not_open', 'stage_changed', 'last_stage',
    'party_pending', 'review_pending'."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    if selection.status != SelectionStatus.OPEN:
        raise SelectionError(code="not_open", message=_("该评选不在进行中。"))
    if selection.stage != from_stage:
        raise SelectionError(
            code="stage_changed",
            message=_("该评选已处于「%(stage)s」环节（页面显示的不是最新状态），请刷新后再操作。")
            % {"stage": stage_label(selection.stage)},
        )
    index = selection.stages.index(selection.stage)
    if index + 1 >= len(selection.stages):
        raise SelectionError(code="last_stage", message=_("该评选已在最后一个环节。"))
    refusal = _exit_refusal(selection)
    if refusal is not None:
        raise refusal
    before = selection.stage
    removed = _move(selection, selection.stages[index + 1])
    audit_record(
        actor=actor,
        action="selections.selection.advanced",
        target=selection,
        changes={"stage": [before, selection.stage]},
        data={"removed": removed},
    )
    return selection


@transaction.atomic
def selection_stage_set(*, selection: Selection, stage: str, reason: str, actor: Actor) -> Selection:
    """The office moves a started selection to any other of its stages, back or forward past
    others, with a reason that is audited. Moving forward settles the stages passed as an advance
    would (``_leave``) without waiting for their work; moving back undoes nothing. Locks the
    selection. Raises Refused 'not_office'; SelectionError 'reason_required', 'not_started',
    'bad_stage', 'same_stage'."""
    _require_office(actor, selection.tenant_id)
    reason = reason.strip()
    if not reason:
        raise SelectionError(
            code="reason_required", message=_("跳过或退回环节必须写明理由。"), field="reason"
        )
    selection = locked_selection(selection)
    if selection.status == SelectionStatus.DRAFT:
        raise SelectionError(code="not_started", message=_("评选还没有开始，请先开始评选。"))
    if stage not in selection.stages:
        raise SelectionError(code="bad_stage", message=_("该评选没有这个环节。"), field="stage")
    if stage == selection.stage:
        raise SelectionError(code="same_stage", message=_("评选已处于该环节。"), field="stage")
    before = selection.stage
    backwards = selection.stages.index(stage) < selection.stages.index(before)
    removed = _move(selection, stage)
    audit_record(
        actor=actor,
        action="selections.selection.stage_set",
        target=selection,
        changes={"stage": [before, stage]},
        data={"reason": reason, "direction": "back" if backwards else "forward", "removed": removed},
    )
    return selection
