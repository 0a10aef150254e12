"""The committee's and the handling offices' side: the committee's decision (立案 with the next
number of the session, never reused; 并案; 转为意见建议; 不予立案 with the reason), the assignment to a
lead office and co-handling offices with a deadline, a co-handler's contribution, the lead office's
answer, the ratings, and the reminder of overdue proposals. Lock order: the proposal, then the
session's collection (the number sequence)."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.congress.models import Session
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import member_for
from chuangxian.proposals.models import (
    Answer,
    AnswerCategory,
    CoHandler,
    CoSigner,
    CoSignerStatus,
    Proposal,
    Rating,
    Satisfaction,
    Status,
)
from chuangxian.proposals.permissions import can_decide, can_handle
from chuangxian.proposals.selectors import handlers_of, overdue_in
from chuangxian.proposals.services._common import (
    ProposalError,
    collection_of,
    locked_proposal,
    require,
    status_refusal,
    tell,
)

DECISIONS = ("accept", "merge", "convert", "reject")
HANDLED = (Status.ACCEPTED, Status.ASSIGNED, Status.ANSWERED, Status.CLOSED)


def _committee(proposal: Proposal, actor: Actor) -> Proposal:
    if not can_decide(actor, proposal.session):
        raise Refused(
            _("只有教代会提案工作委员会（教代会的组织单位）可以审查、交办提案。"), code="not_committee"
        )
    return locked_proposal(proposal)


@transaction.atomic
def proposal_decide(
    *, proposal: Proposal, decision: str, note: str = "", merge_into: Proposal | None = None, actor: Actor
) -> Proposal:
    """The proposals committee decides on a submitted proposal: 'accept' (立案: the session's next
    number), 'merge' (并案 into an accepted proposal of the same session; its proposer is kept),
    'convert' (转为意见建议) or 'reject' (不予立案, with the reason, sent back to the proposer).
    Raises Refused 'not_committee'; ProposalError 'wrong_status', 'bad_decision', 'note_required',
    'bad_target'."""
    proposal = _committee(proposal, actor)
    if proposal.status != Status.SUBMITTED:
        raise status_refusal(proposal, _("审查"))
    require(decision in DECISIONS, "bad_decision", _("请选择审查结论。"), "decision")
    note = note.strip()
    require(
        decision in ("accept", "merge") or bool(note),
        "note_required",
        _("转为意见建议或不予立案时，请写明理由（将告知提案人）。"),
        "note",
    )
    if decision == "accept":
        collection = collection_of(proposal, lock=True)
        assert collection is not None  # a proposal is submitted only inside a collection
        collection.last_number += 1
        collection.save(update_fields=["last_number"])
        proposal.number = collection.last_number
        proposal.status = Status.ACCEPTED
    elif decision == "merge":
        require(
            merge_into is not None
            and merge_into.pk != proposal.pk
            and merge_into.tenant_id == proposal.tenant_id
            and merge_into.session_id == proposal.session_id
            and merge_into.status in HANDLED,
            "bad_target",
            _("只能并入本次会议已立案的提案。"),
            "merge_into",
        )
        proposal.merged_into = merge_into
        proposal.status = Status.MERGED
    else:
        proposal.status = Status.CONVERTED if decision == "convert" else Status.REJECTED
    proposal.decision_note = note
    proposal.decided_at = clock.now()
    proposal.save()
    audit_record(
        actor=actor,
        action=f"proposals.proposal.{decision}ed" if decision != "merge" else "proposals.proposal.merged",
        target=proposal,
        data={"number": proposal.number, "note": note, "merge_into": merge_into.title if merge_into else ""},
    )
    tell(
        [proposal.proposer],
        proposal,
        _("您的提案已审查：%(status)s") % {"status": proposal.get_status_display()},
        note,
    )
    return proposal


@transaction.atomic
def proposal_assign(
    *,
    proposal: Proposal,
    lead: Unit,
    cohandlers: Sequence[Unit] = (),
    deadline: date | None = None,
    actor: Actor,
) -> Proposal:
    """The committee assigns an accepted proposal to a lead handling office and co-handling offices,
    with a reply deadline (by default the collection's reply days from today); assigning again
    (before the answer) replaces them. A college congress's proposals go to the college's own units
    (the school's matters are forwarded, ``forwarding``). Raises Refused 'not_committee';
    ProposalError 'wrong_status', 'invalid' (another school's or, for a college, an outside unit; the
    lead also a co-handler; a deadline not after today: all at once)."""
    proposal = _committee(proposal, actor)
    if proposal.status not in (Status.ACCEPTED, Status.ASSIGNED):
        raise status_refusal(proposal, _("交办"))
    units = [lead, *cohandlers]
    collection = collection_of(proposal)
    today = clock.today()
    deadline = deadline or today + timedelta(days=collection.reply_days if collection else 60)
    congress_unit = proposal.session.congress.unit
    problems = []
    if not all(u.tenant_id == proposal.tenant_id for u in units):
        problems.append(_("承办单位须为本校单位。"))
    elif congress_unit.depth > 1 and not all(u.path.startswith(congress_unit.path) for u in units):
        problems.append(
            _("学院教代会的提案只能交本学院（%(unit)s）及下属单位办理；需要学校解决的，请转报学校教代会。")
            % {"unit": congress_unit.name}
        )
    if lead in cohandlers:
        problems.append(_("主办单位不能同时是协办单位。"))
    if deadline <= today:
        problems.append(_("答复期限应在今天之后。"))
    if problems:
        raise ProposalError(code="invalid", message=" ".join(problems))
    proposal.lead_unit = lead
    proposal.deadline = deadline
    proposal.assigned_at = clock.now()
    proposal.status = Status.ASSIGNED
    proposal.save()
    CoHandler.objects.filter(tenant_id=proposal.tenant_id, proposal=proposal).exclude(
        unit__in=list(cohandlers)
    ).delete()
    have = set(
        CoHandler.objects.filter(tenant_id=proposal.tenant_id, proposal=proposal).values_list(
            "unit_id", flat=True
        )
    )
    for unit in cohandlers:
        if unit.pk not in have:
            CoHandler.objects.create(tenant_id=proposal.tenant_id, proposal=proposal, unit=unit)
    audit_record(
        actor=actor,
        action="proposals.proposal.assigned",
        target=proposal,
        data={"lead": lead.name, "cohandlers": [u.name for u in cohandlers], "deadline": str(deadline)},
    )
    tell(handlers_of(units), proposal, _("请办理提案（答复期限 %(date)s）") % {"date": deadline.isoformat()})
    return proposal


@transaction.atomic
def cohandler_note(*, proposal: Proposal, unit: Unit, note: str, actor: Actor) -> CoHandler:
    """A co-handling office contributes its opinion while the proposal is being handled. Raises
    Refused 'not_handler'; ProposalError 'wrong_status', 'note_required'."""
    if not can_handle(actor, unit):
        raise Refused(_("只有协办单位可以填写协办意见。"), code="not_handler")
    proposal = locked_proposal(proposal)
    row = (
        CoHandler.objects.select_for_update()
        .filter(tenant_id=proposal.tenant_id, proposal=proposal, unit=unit)
        .first()
    )
    if row is None:
        raise Refused(_("只有协办单位可以填写协办意见。"), code="not_handler")
    if proposal.status != Status.ASSIGNED:
        raise status_refusal(proposal, _("填写协办意见"))
    note = note.strip()
    require(bool(note), "note_required", _("请填写协办意见。"), "note")
    row.note, row.noted_at = note, clock.now()
    row.save(update_fields=["note", "noted_at"])
    audit_record(
        actor=actor, action="proposals.proposal.cohandled", target=proposal, data={"unit": unit.name}
    )
    return row


@transaction.atomic
def proposal_answer(
    *, proposal: Proposal, category: str, text: str, done_by: date | None = None, actor: Actor
) -> Answer:
    """The lead office answers in writing with a category (A 已采纳 / B 列入计划 / C 解释说明), the measures
    and, for A and B, the date by which they are done. Raises Refused 'not_handler'; ProposalError
    'wrong_status', 'invalid'."""
    lead = proposal.lead_unit
    if lead is None or not can_handle(actor, lead):
        raise Refused(_("只有主办单位可以答复提案。"), code="not_handler")
    proposal = locked_proposal(proposal)
    if proposal.status != Status.ASSIGNED or proposal.lead_unit_id != lead.pk:
        raise status_refusal(proposal, _("答复"))
    text = text.strip()
    problems = []
    if category not in AnswerCategory.values:
        problems.append(_("请选择答复类别。"))
    if not text:
        problems.append(_("请填写办理情况及措施。"))
    if category in (AnswerCategory.ADOPTED, AnswerCategory.PLANNED) and done_by is None:
        problems.append(_("A 类、B 类答复请填写计划完成日期。"))
    if problems:
        raise ProposalError(code="invalid", message=" ".join(problems))
    answer = Answer.objects.create(
        tenant_id=proposal.tenant_id,
        proposal=proposal,
        round=proposal.round,
        category=category,
        text=text,
        done_by=done_by,
        deadline=proposal.deadline,
        answered_by=login_of(actor),
    )
    proposal.status = Status.ANSWERED
    proposal.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        action="proposals.proposal.answered",
        target=proposal,
        data={"round": answer.round, "answer_category": category},
    )
    raters = [proposal.proposer] + [
        c.member
        for c in CoSigner.objects.filter(
            tenant_id=proposal.tenant_id, proposal=proposal, status=CoSignerStatus.CONFIRMED
        ).select_related("member")
    ]
    tell(raters, proposal, _("提案已答复，请评价：%(title)s") % {"title": proposal.title})
    merged = list(
        Proposal.objects.filter(tenant_id=proposal.tenant_id, merged_into=proposal).select_related("proposer")
    )
    if merged:
        tell(
            [m.proposer for m in merged],
            proposal,
            _("您的提案已并入「%(title)s」，该提案已答复。") % {"title": proposal.title},
        )
    return answer


@transaction.atomic
def proposal_rate(*, proposal: Proposal, value: str, note: str = "", actor: Actor) -> Rating:
    """The proposer or a confirmed co-signer rates the latest answer (满意 / 基本满意 / 不满意), once each.
    The proposer's rating decides: 不满意 on the first answer sends the proposal back to the lead office
    for one more round (a new deadline); otherwise it is closed. Co-signers' ratings count in the
    statistics. Raises Refused 'not_rater'; ProposalError 'wrong_status', 'bad_value', 'already_rated',
    'note_required'."""
    member = member_for(actor)
    proposal = locked_proposal(proposal)
    confirmed = set(
        CoSigner.objects.filter(
            tenant_id=proposal.tenant_id, proposal=proposal, status=CoSignerStatus.CONFIRMED
        ).values_list("member_id", flat=True)
    )
    if member is None or (member.pk != proposal.proposer_id and member.pk not in confirmed):
        raise Refused(_("只有提案人和附议人可以评价答复。"), code="not_rater")
    is_proposer = member.pk == proposal.proposer_id
    if proposal.status != Status.ANSWERED and not (proposal.status == Status.CLOSED and not is_proposer):
        raise status_refusal(proposal, _("评价"))
    require(value in Satisfaction.values, "bad_value", _("请选择满意、基本满意或不满意。"), "value")
    note = note.strip()
    require(
        value != Satisfaction.UNSATISFIED or bool(note), "note_required", _("不满意时请写明理由。"), "note"
    )
    answer = Answer.objects.filter(tenant_id=proposal.tenant_id, proposal=proposal).order_by("-round").first()
    assert answer is not None
    require(
        not Rating.objects.filter(tenant_id=proposal.tenant_id, answer=answer, member=member).exists(),
        "already_rated",
        _("您已经评价过这次答复。"),
    )
    rating = Rating.objects.create(
        tenant_id=proposal.tenant_id, answer=answer, member=member, value=value, note=note
    )
    if is_proposer:
        if value == Satisfaction.UNSATISFIED and proposal.round == 1:
            collection = collection_of(proposal)
            proposal.round = 2
            proposal.status = Status.ASSIGNED
            proposal.deadline = clock.today() + timedelta(days=collection.reply_days if collection else 60)
            assert proposal.lead_unit is not None
            tell(
                handlers_of([proposal.lead_unit]),
                proposal,
                _("提案人对答复不满意，请再次办理：%(title)s") % {"title": proposal.title},
                note,
            )
        else:
            proposal.status = Status.CLOSED
        proposal.save()
    audit_record(
        actor=actor,
        action="proposals.proposal.rated",
        target=proposal,
        data={"value": value, "round": answer.round, "note": note},
    )
    return rating


@transaction.atomic
def proposals_remind_overdue(*, session: Session, actor: Actor) -> int:
    """The committee reminds the handling offices of every overdue proposal of the session. Returns
    how many proposals were overdue. Raises Refused 'not_committee'."""
    if not can_decide(actor, session):
        raise Refused(_("只有教代会提案工作委员会可以催办。"), code="not_committee")
    overdue = overdue_in(session)
    for proposal in overdue:
        assert proposal.lead_unit is not None and proposal.deadline is not None
        tell(
            handlers_of([proposal.lead_unit]),
            proposal,
            _("提案已超过答复期限（%(date)s），请尽快答复：%(title)s")
            % {"date": proposal.deadline.isoformat(), "title": proposal.title},
            key=f"proposals:overdue:{proposal.pk}:{proposal.round}:{clock.today().isoformat()}",
        )
    if overdue:
        audit_record(
            actor=actor, action="proposals.session.reminded", target=session, data={"overdue": len(overdue)}
        )
    return len(overdue)
