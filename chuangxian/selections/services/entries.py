"""Entries: a unit nominates within its quota, withdraws, resubmits what the office returned; the
party organisation's opinion is recorded; the office makes its first review (初审).

Lock order: a nomination locks the selection, then the nominating unit's row (the quota's guard: two
nominations of one unit cannot both pass the count); every other entry service locks the selection,
then the entry, so that a stage move (which locks the selection) sees the entry's last state and no
nomination lands after the nomination stage has been left.

The office's first review is the shared review cycle (``review.cycle``): an entry is submitted when
nominated, approved (初审通过) or returned with a note (初审退回); a returned entry is resubmitted by
its unit, each submission frozen as a revision, each review a ``review.Decision``.
"""

from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.core.files import IMAGES_AND_DOCUMENTS
from chuangxian.orgs.models import Member, Unit
from chuangxian.projects.models import Project, ProjectStatus
from chuangxian.review.cycle import ReviewCycle
from chuangxian.selections.eligibility import failures
from chuangxian.selections.models import (
    ACTIVE_STATUSES,
    Entry,
    EntryFile,
    EntryKind,
    EntryStatus,
    FilePurpose,
    PartyDecision,
    Selection,
    SelectionStatus,
    Stage,
)
from chuangxian.selections.permissions import (
    can_manage_entry,
    can_nominate,
    can_review_entry,
    nominating_path,
)
from chuangxian.selections.quota import quota_full_message
from chuangxian.selections.selectors import candidate_facts, noun_of, rules_of, unit_quota
from chuangxian.selections.services._common import SelectionError, locked_selection
from chuangxian.selections.services.runs import stage_label

ENTRY_CYCLE = ReviewCycle(
    statuses=EntryStatus,
    noun=gettext_lazy("推荐对象"),
    drafts=(EntryStatus.RETURNED,),
    submitted=EntryStatus.NOMINATED,
    approved=EntryStatus.PASSED,
    returned=EntryStatus.RETURNED,
    error=SelectionError,
    more={
        EntryStatus.NOMINATED: (EntryStatus.WITHDRAWN, EntryStatus.REMOVED),
        EntryStatus.RETURNED: (EntryStatus.WITHDRAWN, EntryStatus.REMOVED),
        EntryStatus.PASSED: (EntryStatus.REMOVED, EntryStatus.AWARDED),
    },
    not_submitted=("not_pending", gettext_lazy("该推荐对象不在待初审状态。")),
    comment_required=gettext_lazy("退回时请写明初审意见，说明需要补充或修改什么。"),
)

Candidate = Project | Member | Unit
KIND_OF = {Project: EntryKind.PROJECT, Member: EntryKind.MEMBER, Unit: EntryKind.UNIT}


def _candidate_name(candidate: Candidate) -> str:
    if isinstance(candidate, Project):
        return candidate.title
    if isinstance(candidate, Member):
        return f"{candidate.name}（{candidate.unit.name}）"
    return candidate.name


def _candidate_path(candidate: Candidate) -> str:
    if isinstance(candidate, Unit):
        return candidate.path
    return candidate.unit.path


def _require_stage(selection: Selection, stage: str) -> None:
    if selection.status != SelectionStatus.OPEN or selection.stage != stage:
        current = stage_label(selection.stage) if selection.stage else _("未开始")
        raise SelectionError(
            code="wrong_stage",
            message=_("该评选当前处于「%(current)s」环节，不能进行「%(stage)s」的操作。")
            % {"current": current, "stage": stage_label(stage)},
        )


def _attach(entry: Entry, purpose: str, upload: IO[bytes], name: str, actor: Actor) -> EntryFile:
    item = EntryFile(tenant_id=entry.tenant_id, entry=entry, purpose=purpose)
    item.attach(upload, name=name, allowed=IMAGES_AND_DOCUMENTS, uploaded_by=login_of(actor))
    item.save()
    return item


def _check_candidate(selection: Selection, unit: Unit, candidate: Candidate) -> None:
    kind = KIND_OF[type(candidate)]
    if kind != selection.type.entry_kind:
        raise SelectionError(
            code="wrong_kind",
            message=_("本评选推荐的是%(kind)s。") % {"kind": EntryKind(selection.type.entry_kind).label},
            field="candidate",
        )
    if candidate.tenant_id != selection.tenant_id or not _candidate_path(candidate).startswith(unit.path):
        raise SelectionError(
            code="not_own_unit",
            message=_("只能推荐本单位（含下属工会小组）的%(kind)s。") % {"kind": EntryKind(kind).label},
            field="candidate",
        )
    if isinstance(candidate, Project):
        if candidate.campaign_id != selection.campaign_id:
            raise SelectionError(
                code="other_campaign", message=_("该项目不属于本次创先活动。"), field="candidate"
            )
        if candidate.status == ProjectStatus.DRAFT:
            raise SelectionError(
                code="draft_project",
                message=_("筹备中的项目不能推荐，请先把状态改为“实施中”或“已完成”。"),
                field="candidate",
            )
    if isinstance(candidate, Unit) and not candidate.is_active:
        raise SelectionError(code="inactive_unit", message=_("该工会组织已停用。"), field="candidate")


@transaction.atomic
def entry_nominate(
    *,
    selection: Selection,
    unit: Unit,
    candidate: Candidate,
    summary: str,
    minutes: IO[bytes] | None,
    minutes_name: str = "",
    actor: Actor,
) -> Entry:
    """``unit`` (a nominating unit) nominates ``candidate`` (a project, member or unit of its subtree,
    of the selection's kind) with the minutes of the unit meeting that decided it.

    Locks the selection and the unit's row, then counts the unit's entries against its quota (``quota.quota_for``);
    the refusal shows the quota's arithmetic. Raises Refused 'not_manager'; SelectionError
    'not_nominating_unit', 'wrong_stage', 'deadline_passed', 'summary_required', 'minutes_required',
    'wrong_kind', 'not_own_unit', 'other_campaign', 'draft_project', 'inactive_unit', 'duplicate',
    'ineligible' (every rule the candidate fails), 'quota_full'; FileCheckError (the minutes).
    """
    if not can_nominate(actor, unit):
        raise Refused(_("只有本单位的主席、联络员或学校工会可以为本单位推荐。"), code="not_manager")
    if unit.tenant_id != selection.tenant_id or nominating_path(unit.path) != unit.path or not unit.is_active:
        raise SelectionError(
            code="not_nominating_unit", message=_("只有学校工会下属的二级工会、直属工会小组可以推荐。")
        )
    # The selection first, then the unit (the quota): an advance or a deadline change (which lock the
    # selection) waits for this nomination or is seen by it, never passed in between.
    selection = (
        Selection.objects.select_for_update(of=("self",))
        .select_related("type")
        .get(pk=selection.pk, tenant_id=selection.tenant_id)
    )
    Unit.objects.select_for_update().filter(pk=unit.pk, tenant_id=unit.tenant_id).first()
    _require_stage(selection, Stage.NOMINATION)
    if clock.today() > selection.nomination_ends_on:
        raise SelectionError(
            code="deadline_passed",
            message=_("推荐已于 %(day)s 截止；如需延期，请联系学校工会。")
            % {"day": selection.nomination_ends_on.isoformat()},
        )
    summary = summary.strip()
    if not summary:
        raise SelectionError(
            code="summary_required", message=_("请填写主要事迹或推荐理由。"), field="summary"
        )
    if minutes is None:
        raise SelectionError(
            code="minutes_required", message=_("请上传决定推荐的单位会议纪要。"), field="minutes"
        )
    _check_candidate(selection, unit, candidate)
    kind = KIND_OF[type(candidate)]
    if Entry.objects.filter(
        tenant_id=selection.tenant_id,
        selection=selection,
        status__in=ACTIVE_STATUSES,
        **{str(kind): candidate},
    ).exists():
        raise SelectionError(
            code="duplicate",
            message=_("%(name)s已被推荐参加本次评选。") % {"name": _candidate_name(candidate)},
        )
    reasons = failures(rules_of(selection.type), candidate_facts(selection, candidate))
    if reasons:
        raise SelectionError(code="ineligible", message=" ".join(reasons), field="candidate")
    quota = unit_quota(selection, unit)
    used = Entry.objects.filter(
        tenant_id=selection.tenant_id, selection=selection, nominating_unit=unit, status__in=ACTIVE_STATUSES
    ).count()
    if used >= quota.limit:
        raise SelectionError(
            code="quota_full", message=quota_full_message(quota, used, noun=noun_of(selection.type))
        )
    entry = Entry.objects.create(
        tenant_id=selection.tenant_id,
        selection=selection,
        kind=kind,
        nominating_unit=unit,
        candidate_name=_candidate_name(candidate)[:200],
        summary=summary,
        nominated_by=login_of(actor),
        **{str(kind): candidate},
    )
    _attach(entry, FilePurpose.MINUTES, minutes, minutes_name, actor)
    ENTRY_CYCLE.record_revision(entry, fields=_revision_fields(entry), actor=actor)
    audit_record(
        actor=actor,
        action="selections.entry.nominated",
        target=entry,
        unit=unit,
        data={"selection": selection.title, "used": used + 1, "quota": quota.limit},
    )
    return entry


def _revision_fields(entry: Entry) -> list[tuple[str, str]]:
    return [(_("推荐对象"), entry.candidate_name), (_("主要事迹 / 推荐理由"), entry.summary)]


def _locked_entry(entry: Entry) -> tuple[Selection, Entry]:
    selection = locked_selection(entry.selection)
    locked = (
        Entry.objects.select_for_update(of=("self",))
        .select_related("nominating_unit")
        .get(pk=entry.pk, tenant_id=entry.tenant_id)
    )
    locked.selection = selection
    return selection, locked


def _require_manager(actor: Actor, entry: Entry) -> None:
    if not can_manage_entry(actor, entry):
        raise Refused(_("只有推荐单位的主席、联络员或学校工会可以进行此操作。"), code="not_manager")


@transaction.atomic
def entry_withdraw(*, entry: Entry, actor: Actor) -> Entry:
    """The nominating unit withdraws an entry: during the nomination stage, or a returned entry at any
    stage. Its place in the quota is free again. Locks the selection, then the entry. Raises Refused
    'not_manager'; SelectionError 'not_withdrawable', 'bad_transition'."""
    _require_manager(actor, entry)
    selection, entry = _locked_entry(entry)
    nominating = selection.status == SelectionStatus.OPEN and selection.stage == Stage.NOMINATION
    if not (nominating or entry.status == EntryStatus.RETURNED):
        raise SelectionError(
            code="not_withdrawable", message=_("推荐环节结束后，只有被初审退回的推荐对象可以撤回。")
        )
    ENTRY_CYCLE.move(entry, EntryStatus.WITHDRAWN)
    entry.save(update_fields=["status", "updated_at"])
    audit_record(actor=actor, action="selections.entry.withdrawn", target=entry, unit=entry.nominating_unit)
    return entry


@transaction.atomic
def entry_resubmit(
    *, entry: Entry, summary: str, minutes: IO[bytes] | None = None, minutes_name: str = "", actor: Actor
) -> Entry:
    """The nominating unit resubmits an entry the office returned, during the office's review, with
    its summary revised and, if it sends them, new minutes. Locks the selection, then the entry.
    Raises Refused 'not_manager'; SelectionError 'wrong_stage', 'summary_required', 'bad_transition'."""
    _require_manager(actor, entry)
    selection, entry = _locked_entry(entry)
    _require_stage(selection, Stage.OFFICE_REVIEW)
    summary = summary.strip()
    if not summary:
        raise SelectionError(
            code="summary_required", message=_("请填写主要事迹或推荐理由。"), field="summary"
        )
    ENTRY_CYCLE.submit(entry)
    entry.summary = summary
    entry.save(update_fields=["status", "summary", "updated_at"])
    if minutes is not None:
        _attach(entry, FilePurpose.MINUTES, minutes, minutes_name, actor)
    ENTRY_CYCLE.record_revision(entry, fields=_revision_fields(entry), actor=actor)
    audit_record(actor=actor, action="selections.entry.resubmitted", target=entry, unit=entry.nominating_unit)
    return entry


@transaction.atomic
def entry_party_review(
    *, entry: Entry, decision: str, note: str, opinion: IO[bytes] | None, opinion_name: str = "", actor: Actor
) -> Entry:
    """Record the party organisation's opinion of an entry (agree / disagree with a note), with the
    party organisation's signed opinion attached. Recorded by the nominating unit's managers (who
    receive the opinion from the party branch) or the office; it may be recorded again, correcting
    it, until the stage ends, when the entries disagreed with are removed (``runs._leave``). Locks
    the selection, then the entry. Raises Refused 'not_manager'; SelectionError 'wrong_stage',
    'not_pending', 'bad_decision', 'note_required', 'opinion_required'; FileCheckError."""
    _require_manager(actor, entry)
    selection, entry = _locked_entry(entry)
    _require_stage(selection, Stage.PARTY_REVIEW)
    if entry.status != EntryStatus.NOMINATED:
        raise SelectionError(code="not_pending", message=_("该推荐对象已撤回或未通过，无需登记党组织意见。"))
    if decision not in PartyDecision.values:
        raise SelectionError(
            code="bad_decision", message=_("请选择党组织意见：同意或不同意。"), field="decision"
        )
    note = note.strip()
    problems = []
    if decision == PartyDecision.DISAGREE and not note:
        problems.append(
            SelectionError(code="note_required", message=_("党组织不同意时请写明理由。"), field="note")
        )
    if opinion is None:
        problems.append(
            SelectionError(
                code="opinion_required",
                message=_("请上传党组织签章的意见（扫描件或照片）。"),
                field="opinion",
            )
        )
    if problems:
        raise SelectionError(
            code=problems[0].code, message=" ".join(p.message for p in problems), field=problems[0].field
        )
    assert opinion is not None
    before = [entry.party_decision, entry.party_note]
    entry.party_decision = decision
    entry.party_note = note
    entry.party_recorded_by = login_of(actor)
    entry.party_recorded_at = clock.now()
    entry.save(
        update_fields=["party_decision", "party_note", "party_recorded_by", "party_recorded_at", "updated_at"]
    )
    _attach(entry, FilePurpose.PARTY_OPINION, opinion, opinion_name, actor)
    audit_record(
        actor=actor,
        action="selections.entry.party_reviewed",
        target=entry,
        unit=entry.nominating_unit,
        changes={"party_decision": [before[0], decision], "party_note": [before[1], note]},
    )
    return entry


@transaction.atomic
def entry_office_review(*, entry: Entry, approve: bool, note: str, actor: Actor) -> Entry:
    """The office's first review: pass, or return with a note saying what to add or change (the unit
    may resubmit while the stage lasts). Only entries the party organisation agreed to, when the
    selection has a party review. Locks the selection, then the entry; records a review decision.
    Raises Refused 'not_office'; SelectionError 'wrong_stage', 'party_pending', 'not_pending',
    'comment_required', 'ineligible' (passing an entry whose candidate fails a rule today)."""
    if not can_review_entry(actor, entry):
        raise Refused(_("只有学校工会（创先办）可以初审。"), code="not_office")
    selection, entry = _locked_entry(entry)
    _require_stage(selection, Stage.OFFICE_REVIEW)
    if Stage.PARTY_REVIEW in selection.stages and entry.party_decision != PartyDecision.AGREE:
        raise SelectionError(code="party_pending", message=_("该推荐对象没有党组织的同意意见，不能初审。"))
    if approve:
        # The candidate's circumstances may have changed since the nomination (left the post, a
        # disciplinary record flagged, the honour awarded in another run): checked again.
        reasons = failures(rules_of(selection.type), candidate_facts(selection, _candidate_of(entry)))
        if reasons:
            raise SelectionError(
                code="ineligible",
                message=_("该推荐对象现在不符合评选条件，不能通过初审（可退回推荐单位）：%(reasons)s")
                % {"reasons": " ".join(reasons)},
            )
    ENTRY_CYCLE.decide(entry, approve=approve, comment=note, actor=actor)
    entry.office_note = note.strip()
    entry.save(update_fields=["status", "office_note", "updated_at"])
    audit_record(
        actor=actor,
        action="selections.entry.passed" if approve else "selections.entry.returned",
        target=entry,
        unit=entry.nominating_unit,
        data={"note": entry.office_note},
    )
    return entry


def _candidate_of(entry: Entry) -> Candidate:
    candidate = entry.project or entry.member or entry.unit
    assert candidate is not None  # the entry_one_candidate_of_its_kind constraint
    return candidate
