"""Forwarding (转报): a college congress's committee forwards a submitted proposal that the college
cannot settle to the school congress's session now collecting. The school's copy is a new submitted
proposal of that session with the same proposer, text and confirmed co-signers and ``forwarded_from``
set; the college's proposal is marked forwarded and its page shows the school's copy, its decision
and answers (the answer flows back)."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.congress.models import Session
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.proposals.models import CoSigner, CoSignerStatus, Proposal, Status
from chuangxian.proposals.permissions import can_decide
from chuangxian.proposals.selectors import collection_for
from chuangxian.proposals.services._common import locked_proposal, require, status_refusal, tell


def school_sessions_collecting(proposal: Proposal) -> list[Session]:
    """The school congress's sessions whose collection is open today (where a college's proposal may
    be forwarded)."""
    today = clock.today()
    return list(
        Session.objects.filter(
            tenant_id=proposal.tenant_id,
            congress__unit__depth=1,
            proposal_collections__opens_on__lte=today,
            proposal_collections__closes_on__gte=today,
        ).select_related("congress__unit")
    )


@transaction.atomic
def proposal_forward(*, proposal: Proposal, session: Session, note: str = "", actor: Actor) -> Proposal:
    """The college's committee forwards a submitted proposal of a college congress to a school
    congress's session whose collection is open. Returns the school's copy. Raises Refused
    'not_committee'; ProposalError 'wrong_status', 'not_college', 'not_school', 'window_closed'."""
    if not can_decide(actor, proposal.session):
        raise Refused(_("只有本教代会的提案工作委员会可以转报提案。"), code="not_committee")
    proposal = locked_proposal(proposal)
    if proposal.status != Status.SUBMITTED:
        raise status_refusal(proposal, _("转报"))
    require(
        proposal.session.congress.unit.depth > 1, "not_college", _("只有学院教代会的提案可以转报学校教代会。")
    )
    require(
        session.tenant_id == proposal.tenant_id and session.congress.unit.depth == 1,
        "not_school",
        _("只能转报本校的学校教代会。"),
        "session",
    )
    collection = collection_for(session)
    today = clock.today()
    require(
        collection is not None and collection.opens_on <= today <= collection.closes_on,
        "window_closed",
        _("学校教代会该次会议现在不在提案征集时间内。"),
        "session",
    )
    copy = Proposal.objects.create(
        tenant_id=proposal.tenant_id,
        session=session,
        proposer=proposal.proposer,
        title=proposal.title,
        reasons=proposal.reasons,
        suggestions=proposal.suggestions,
        category=proposal.category,
        status=Status.SUBMITTED,
        submitted_at=clock.now(),
        forwarded_from=proposal,
        created_by=login_of(actor),
    )
    for row in CoSigner.objects.filter(
        tenant_id=proposal.tenant_id, proposal=proposal, status=CoSignerStatus.CONFIRMED
    ):
        CoSigner.objects.create(
            tenant_id=proposal.tenant_id,
            proposal=copy,
            member_id=row.member_id,
            status=CoSignerStatus.CONFIRMED,
            answered_at=row.answered_at,
        )
    proposal.status = Status.FORWARDED
    proposal.decision_note = note.strip()
    proposal.decided_at = clock.now()
    proposal.save()
    audit_record(
        actor=actor,
        action="proposals.proposal.forwarded",
        target=proposal,
        data={"session": str(session), "note": note},
    )
    tell([proposal.proposer], proposal, _("您的提案已转报学校教代会：%(title)s") % {"title": proposal.title})
    return copy
