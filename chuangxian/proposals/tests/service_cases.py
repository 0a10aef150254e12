"""Proposals' write services on the permission table (tests/service_permissions).

The plain member persona is made a representative of the school's congress (with two more
representatives to co-sign): only they may draft, invite, submit and rate their proposal, and only
an invited representative may co-sign. The proposals committee is whoever manages the school's
congress (the office and the system; the platform admin is of no school). The proposal is handled by
文学与传播学院: its chair and liaison (and the office above it, and the system) answer and contribute.
"""

from datetime import timedelta
from typing import Any

from chuangxian.congress.selectors import congress_voters
from chuangxian.congress.tests.factories import elect
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.proposals.models import Proposal
from chuangxian.proposals.services import (
    cohandler_note,
    collection_set,
    cosign_answer,
    cosigners_invite,
    proposal_answer,
    proposal_assign,
    proposal_create,
    proposal_decide,
    proposal_forward,
    proposal_rate,
    proposal_submit,
    proposal_update,
    proposals_remind_overdue,
)
from chuangxian.proposals.services.report import proposals_report_draft
from chuangxian.proposals.tests.factories import DATA, Congressmen, collecting
from tests.service_permissions.harness import ServiceCase, World

COMMITTEE = {"office", "system"}
COLLEGE_HANDLERS = {"chair", "liaison", "office", "system"}


def _world(w: World) -> Congressmen:
    congress, session = collecting(w.tree.root, min_cosigners=1)
    elect(congress, w.personas.member_row)
    cosigner = MemberFactory(unit=w.tree.sibling, name="附议代表")
    elect(congress, cosigner)
    return Congressmen(
        congress, session, w.personas.member, [], w.personas.member, w.tree.college, w.personas.chair
    )


def _draft(w: World) -> tuple[Congressmen, Proposal]:
    world = _world(w)
    return world, proposal_create(session=world.session, data=DATA, actor=w.personas.member)


def _invited(w: World) -> Proposal:
    """A draft of another representative that invites the member persona to co-sign."""
    world = _world(w)
    proposer = MemberFactory(unit=w.tree.sibling, name="另一代表")
    elect(world.congress, proposer)
    proposal = Proposal.objects.create(
        tenant_id=w.tree.tenant.pk,
        session=world.session,
        proposer=proposer,
        title="t",
        reasons="r",
        suggestions="s",
        category="other",
    )
    proposal.cosigners.create(tenant_id=w.tree.tenant.pk, member=w.personas.member_row)
    return proposal


def _cosigned(w: World) -> Proposal:
    world, proposal = _draft(w)
    other = congress_voters(world.congress).exclude(pk=w.personas.member_row.pk).first()
    proposal.cosigners.create(tenant_id=w.tree.tenant.pk, member=other, status="confirmed")
    return proposal


def _submitted(w: World) -> Proposal:
    return proposal_submit(proposal=_cosigned(w), actor=w.personas.member)


def _accepted(w: World) -> Proposal:
    return proposal_decide(proposal=_submitted(w), decision="accept", actor=SYSTEM)


def _assigned(w: World) -> Proposal:
    return proposal_assign(proposal=_accepted(w), lead=w.tree.college, actor=SYSTEM)


def _with_cohandler(w: World) -> Proposal:
    return proposal_assign(
        proposal=_accepted(w), lead=w.tree.library, cohandlers=[w.tree.college], actor=SYSTEM
    )


def _answered(w: World) -> Proposal:
    proposal = _assigned(w)
    proposal_answer(proposal=proposal, category="C", text="说明", actor=SYSTEM)
    proposal.refresh_from_db()
    return proposal


def _overdue(w: World) -> Any:
    proposal = _assigned(w)
    Proposal.objects.filter(pk=proposal.pk).update(deadline=clock.today() - timedelta(days=1))
    return proposal.session


def _college_submitted(w: World) -> tuple[Proposal, Any]:
    """A submitted proposal of 文学与传播学院's congress, and the school congress's session collecting."""
    school = _world(w)
    congress, session = collecting(w.tree.college, term_number=3, min_cosigners=0)
    proposer = MemberFactory(unit=w.tree.college, name="学院代表")
    elect(congress, proposer)
    proposal = Proposal.objects.create(
        tenant_id=w.tree.tenant.pk,
        session=session,
        proposer=proposer,
        title="t",
        reasons="r",
        suggestions="s",
        category="other",
        status="submitted",
    )
    return proposal, school.session


CASES = [
    ServiceCase(
        service=proposal_forward,
        allowed={"chair", "liaison", "office", "system"},
        arrange=_college_submitted,
        act=lambda w, pair, actor: proposal_forward(proposal=pair[0], session=pair[1], actor=actor),
    ),
    ServiceCase(
        service=collection_set,
        allowed=COMMITTEE,
        arrange=lambda w: _world(w).session,
        act=lambda w, session, actor: collection_set(
            session=session,
            opens_on=clock.today(),
            closes_on=clock.today() + timedelta(days=10),
            min_cosigners=2,
            reply_days=30,
            actor=actor,
        ),
    ),
    ServiceCase(
        service=proposal_create,
        allowed={"member"},
        arrange=lambda w: _world(w).session,
        act=lambda w, session, actor: proposal_create(session=session, data=DATA, actor=actor),
    ),
    ServiceCase(
        service=proposal_update,
        allowed={"member"},
        arrange=lambda w: _draft(w)[1],
        act=lambda w, proposal, actor: proposal_update(proposal=proposal, data=DATA, actor=actor),
    ),
    ServiceCase(
        service=cosigners_invite,
        allowed={"member"},
        arrange=lambda w: _draft(w)[1],
        act=lambda w, proposal, actor: cosigners_invite(
            proposal=proposal,
            members=list(congress_voters(proposal.session.congress).exclude(pk=proposal.proposer_id)),
            actor=actor,
        ),
    ),
    ServiceCase(
        service=cosign_answer,
        allowed={"member"},
        arrange=_invited,
        act=lambda w, proposal, actor: cosign_answer(proposal=proposal, confirm=True, actor=actor),
    ),
    ServiceCase(
        service=proposal_submit,
        allowed={"member"},
        arrange=_cosigned,
        act=lambda w, proposal, actor: proposal_submit(proposal=proposal, actor=actor),
    ),
    ServiceCase(
        service=proposal_decide,
        allowed=COMMITTEE,
        arrange=_submitted,
        act=lambda w, proposal, actor: proposal_decide(proposal=proposal, decision="accept", actor=actor),
    ),
    ServiceCase(
        service=proposal_assign,
        allowed=COMMITTEE,
        arrange=_accepted,
        act=lambda w, proposal, actor: proposal_assign(proposal=proposal, lead=w.tree.college, actor=actor),
    ),
    ServiceCase(
        service=cohandler_note,
        allowed=COLLEGE_HANDLERS,
        arrange=_with_cohandler,
        act=lambda w, proposal, actor: cohandler_note(
            proposal=proposal, unit=w.tree.college, note="配合", actor=actor
        ),
    ),
    ServiceCase(
        service=proposal_answer,
        allowed=COLLEGE_HANDLERS,
        arrange=_assigned,
        act=lambda w, proposal, actor: proposal_answer(
            proposal=proposal, category="C", text="说明", actor=actor
        ),
    ),
    ServiceCase(
        service=proposal_rate,
        allowed={"member"},
        arrange=_answered,
        act=lambda w, proposal, actor: proposal_rate(proposal=proposal, value="satisfied", actor=actor),
    ),
    ServiceCase(
        service=proposals_remind_overdue,
        allowed=COMMITTEE,
        arrange=_overdue,
        act=lambda w, session, actor: proposals_remind_overdue(session=session, actor=actor),
    ),
]

CASES.append(
    ServiceCase(
        service=proposals_report_draft,
        allowed=COMMITTEE,
        arrange=lambda w: _answered(w).session,
        act=lambda w, session, actor: proposals_report_draft(
            session=session, prefix="泉师院工", issuing_office="校工会", actor=actor
        ),
    )
)
