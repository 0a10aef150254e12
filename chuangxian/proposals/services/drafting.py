"""A representative's side of a proposal: the collection's settings (by the committee), drafting,
inviting co-signers, each co-signer's answer, and the submission, after which the text and the
co-signers are locked. Lock order: the proposal, then its co-signer rows."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.congress.models import Session
from chuangxian.congress.selectors import congress_voters
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Member
from chuangxian.orgs.permissions import member_for
from chuangxian.proposals.models import (
    DEFAULT_CLOSE_DAYS_BEFORE,
    Category,
    Collection,
    CoSigner,
    CoSignerStatus,
    Proposal,
    Status,
)
from chuangxian.proposals.permissions import can_decide, can_propose
from chuangxian.proposals.services._common import (
    ProposalError,
    collection_of,
    locked_proposal,
    require,
    status_refusal,
    tell,
)


def default_window(session: Session) -> tuple[date, date]:
    """From today to 15 days before the session opens."""
    closes = timezone.localdate(session.starts_at) - timedelta(days=DEFAULT_CLOSE_DAYS_BEFORE)
    return min(clock.today(), closes), closes


@transaction.atomic
def collection_set(
    *, session: Session, opens_on: date, closes_on: date, min_cosigners: int, reply_days: int, actor: Actor
) -> Collection:
    """The committee opens (or changes) the session's collection of proposals. Raises Refused
    'not_committee'; ProposalError 'bad_window', 'bad_cosigners', 'bad_days' (all at once)."""
    if not can_decide(actor, session):
        raise Refused(
            _("只有教代会提案工作委员会（教代会的组织单位）可以设置提案征集。"), code="not_committee"
        )
    problems = []
    if closes_on < opens_on:
        problems.append(_("征集截止日期不能早于开始日期。"))
    if closes_on >= timezone.localdate(session.starts_at):
        problems.append(_("征集截止日期应在会议开始之前。"))
    if not 0 <= min_cosigners <= 20:
        problems.append(_("至少附议人数应在 0 到 20 之间。"))
    if not 1 <= reply_days <= 365:
        problems.append(_("答复期限应在 1 到 365 天之间。"))
    if problems:
        raise ProposalError(code="invalid", message=" ".join(problems))
    collection = (
        Collection.objects.select_for_update().filter(tenant_id=session.tenant_id, session=session).first()
    )
    if collection is None:
        collection = Collection(tenant_id=session.tenant_id, session=session)
    collection.opens_on, collection.closes_on = opens_on, closes_on
    collection.min_cosigners, collection.reply_days = min_cosigners, reply_days
    collection.save()
    audit_record(
        actor=actor,
        action="proposals.collection.set",
        target=session,
        data={"opens_on": str(opens_on), "closes_on": str(closes_on), "min_cosigners": min_cosigners},
    )
    return collection


@dataclass(frozen=True)
class ProposalData:
    title: str
    reasons: str
    suggestions: str
    category: str


def _clean(data: ProposalData) -> ProposalData:
    cleaned = ProposalData(data.title.strip(), data.reasons.strip(), data.suggestions.strip(), data.category)
    problems = [
        (field, message)
        for field, message in (
            ("title", _("请填写案由。") if not cleaned.title else ""),
            ("reasons", _("请填写理由或情况分析。") if not cleaned.reasons else ""),
            ("suggestions", _("请填写具体建议。") if not cleaned.suggestions else ""),
            ("category", _("请选择提案类别。") if cleaned.category not in Category.values else ""),
        )
        if message
    ]
    if problems:
        raise ProposalError(code="invalid", message=" ".join(m for _f, m in problems), field=problems[0][0])
    return cleaned


def _proposer(actor: Actor, session: Session) -> Member:
    member = member_for(actor)
    if member is None or member.tenant_id != session.tenant_id or not can_propose(actor, session):
        raise Refused(_("只有本届教代会代表可以提出提案。"), code="not_representative")
    return member


@transaction.atomic
def proposal_create(*, session: Session, data: ProposalData, actor: Actor) -> Proposal:
    """A representative drafts a proposal (one issue per proposal). Raises Refused
    'not_representative'; ProposalError 'invalid'."""
    member = _proposer(actor, session)
    data = _clean(data)
    proposal = Proposal.objects.create(
        tenant_id=session.tenant_id,
        session=session,
        proposer=member,
        title=data.title,
        reasons=data.reasons,
        suggestions=data.suggestions,
        category=data.category,
        created_by=login_of(actor),
    )
    audit_record(
        actor=actor, action="proposals.proposal.drafted", target=proposal, data={"title": data.title}
    )
    return proposal


def _own_draft(proposal: Proposal, actor: Actor, doing: str) -> Proposal:
    member = member_for(actor)
    if member is None or member.pk != proposal.proposer_id:
        raise Refused(_("只有提案人本人可以修改、邀请附议和提交提案。"), code="not_proposer")
    if not can_propose(actor, proposal.session):
        raise Refused(_("您已不是本届教代会代表，不能再修改或提交提案。"), code="not_representative")
    proposal = locked_proposal(proposal)
    if proposal.status != Status.DRAFT:
        raise status_refusal(proposal, doing)
    return proposal


@transaction.atomic
def proposal_update(*, proposal: Proposal, data: ProposalData, actor: Actor) -> Proposal:
    """The proposer edits the draft; refused once submitted. Raises Refused 'not_proposer';
    ProposalError 'wrong_status', 'invalid'."""
    proposal = _own_draft(proposal, actor, _("修改"))
    data = _clean(data)
    changes = {
        name: [getattr(proposal, name), getattr(data, name)]
        for name in ("title", "reasons", "suggestions", "category")
        if getattr(proposal, name) != getattr(data, name)
    }
    for name in ("title", "reasons", "suggestions", "category"):
        setattr(proposal, name, getattr(data, name))
    proposal.save()
    audit_record(actor=actor, action="proposals.proposal.updated", target=proposal, changes=changes)
    return proposal


@transaction.atomic
def cosigners_invite(*, proposal: Proposal, members: Sequence[Member], actor: Actor) -> list[CoSigner]:
    """The proposer invites representatives of the congress to co-sign the draft; each is told and
    confirms in the app. Raises Refused 'not_proposer', 'not_representative'; ProposalError
    'wrong_status', 'invalid' (the proposer themself, people who are not representatives: all named)."""
    proposal = _own_draft(proposal, actor, _("邀请附议"))
    voters = set(
        congress_voters(proposal.session.congress)
        .filter(pk__in=[m.pk for m in members])
        .values_list("pk", flat=True)
    )
    problems = []
    if any(m.pk == proposal.proposer_id for m in members):
        problems.append(_("提案人不能附议自己的提案。"))
    outsiders = [m.name for m in members if m.pk not in voters and m.pk != proposal.proposer_id]
    if outsiders:
        problems.append(
            _("以下人员不是本届教代会代表，不能附议：%(names)s。") % {"names": "、".join(outsiders)}
        )
    if problems:
        raise ProposalError(code="invalid", message=" ".join(problems), field="members")
    existing = set(proposal.cosigners.values_list("member_id", flat=True))
    added = [
        CoSigner.objects.create(tenant_id=proposal.tenant_id, proposal=proposal, member=m)
        for m in members
        if m.pk not in existing
    ]
    if added:
        tell(
            [c.member for c in added],
            proposal,
            _("请确认是否附议提案：%(title)s") % {"title": proposal.title},
        )
        audit_record(
            actor=actor,
            action="proposals.proposal.invited",
            target=proposal,
            data={"members": [c.member.name for c in added]},
        )
    return added


@transaction.atomic
def cosign_answer(*, proposal: Proposal, confirm: bool, actor: Actor) -> CoSigner:
    """An invited representative confirms (附议) or declines, while the proposal is a draft. Raises
    Refused 'not_invited'; ProposalError 'wrong_status'."""
    member = member_for(actor)
    proposal = locked_proposal(proposal)
    row = (
        CoSigner.objects.select_for_update()
        .filter(tenant_id=proposal.tenant_id, proposal=proposal, member=member)
        .first()
        if member is not None
        else None
    )
    if row is None:
        raise Refused(_("您没有被邀请附议该提案。"), code="not_invited")
    if not can_propose(actor, proposal.session):
        raise Refused(_("您已不是本届教代会代表，不能附议。"), code="not_representative")
    if proposal.status != Status.DRAFT:
        raise status_refusal(proposal, _("附议"))
    row.status = CoSignerStatus.CONFIRMED if confirm else CoSignerStatus.DECLINED
    row.answered_at = clock.now()
    row.save(update_fields=["status", "answered_at"])
    audit_record(
        actor=actor,
        action="proposals.proposal.cosigned" if confirm else "proposals.proposal.cosign_declined",
        target=proposal,
    )
    return row


@transaction.atomic
def proposal_submit(*, proposal: Proposal, actor: Actor) -> Proposal:
    """The proposer submits the draft inside the collection window, with enough confirmed
    co-signers; invitations not confirmed lapse, and the text and co-signers are locked. Raises
    Refused 'not_proposer'; ProposalError 'wrong_status', 'no_collection', 'window_closed',
    'cosigners_short'."""
    proposal = _own_draft(proposal, actor, _("提交"))
    collection = collection_of(proposal)
    require(collection is not None, "no_collection", _("本次会议尚未开始征集提案。"))
    assert collection is not None
    today = clock.today()
    require(
        collection.opens_on <= today <= collection.closes_on,
        "window_closed",
        _("提案征集时间为 %(start)s 至 %(end)s，现在不在征集时间内。")
        % {"start": collection.opens_on.isoformat(), "end": collection.closes_on.isoformat()},
    )
    rows = list(
        CoSigner.objects.select_for_update()
        .filter(tenant_id=proposal.tenant_id, proposal=proposal)
        .select_related("member")
    )
    voters = set(
        congress_voters(proposal.session.congress)
        .filter(pk__in=[row.member_id for row in rows])
        .values_list("pk", flat=True)
    )
    lapsed = [row for row in rows if row.status == CoSignerStatus.CONFIRMED and row.member_id not in voters]
    confirmed = sum(1 for row in rows if row.status == CoSignerStatus.CONFIRMED and row.member_id in voters)
    lapsed_note = (
        _("（%(names)s已不是本届代表，不计入。）") % {"names": "、".join(row.member.name for row in lapsed)}
        if lapsed
        else ""
    )
    require(
        confirmed >= collection.min_cosigners,
        "cosigners_short",
        _("提案须至少 %(need)d 名代表确认附议，目前已确认 %(have)d 名。")
        % {"need": collection.min_cosigners, "have": confirmed}
        + lapsed_note,
    )
    # Invitations not confirmed lapse, and so do confirmations of people no longer representatives;
    # declined ones are not shown to the school (the audit log keeps every answer).
    CoSigner.objects.filter(tenant_id=proposal.tenant_id, proposal=proposal).exclude(
        status=CoSignerStatus.CONFIRMED, member_id__in=voters
    ).delete()
    proposal.status = Status.SUBMITTED
    proposal.submitted_at = clock.now()
    proposal.save(update_fields=["status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor, action="proposals.proposal.submitted", target=proposal, data={"cosigners": confirmed}
    )
    return proposal
