"""A school congress with representatives who log in, a session a month ahead with its collection
of proposals open, and a proposal taken to any state through the services."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from chuangxian.accounts.models import User
from chuangxian.congress.models import Congress, Session
from chuangxian.congress.tests.factories import elect, make_congress, make_session
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, RoleAssignment, Unit
from chuangxian.orgs.permissions import member_for
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.proposals.models import Proposal
from chuangxian.proposals.services import (
    ProposalData,
    collection_set,
    cosign_answer,
    cosigners_invite,
    proposal_answer,
    proposal_assign,
    proposal_create,
    proposal_decide,
    proposal_submit,
)


@dataclass
class Congressmen:
    congress: Congress
    session: Session
    proposer: User
    cosigners: list[User]
    outsider: User  # a member who is no representative
    handling_unit: Unit
    handler: User  # holds 承办部门 at the handling unit


def representative(congress: Congress, unit: Unit, name: str) -> User:
    member = MemberFactory(unit=unit, name=name)
    elect(congress, member)
    return make_user(member)


def collecting(unit: Unit, *, term_number: int = 5, min_cosigners: int = 2) -> tuple[Congress, Session]:
    """The congress of ``unit`` with a session 40 days ahead whose collection is open from today for
    20 days."""
    congress = make_congress(unit, term_number=term_number)
    session = make_session(congress, starts_in=timedelta(days=40))
    today = clock.today()
    collection_set(
        session=session,
        opens_on=today,
        closes_on=today + timedelta(days=20),
        min_cosigners=min_cosigners,
        reply_days=60,
        actor=SYSTEM,
    )
    return congress, session


def college_congressmen(tree: Any, handling_unit: Unit) -> Congressmen:
    """文学与传播学院's congress collecting, with three of its representatives."""
    congress, session = collecting(tree.college, term_number=3)
    people = [representative(congress, tree.college, f"学院代表{i}") for i in range(3)]
    return Congressmen(congress, session, people[0], people[1:], people[0], handling_unit, people[0])


def congressmen(tree: Any, *, prefix: str = "") -> Congressmen:
    congress, session = collecting(tree.root)
    handler_member = MemberFactory(unit=tree.library, name=f"{prefix}承办人")
    RoleAssignment.objects.create(
        tenant=tree.tenant, member=handler_member, unit=tree.library, role=Role.HANDLING_OFFICE
    )
    return Congressmen(
        congress=congress,
        session=session,
        proposer=representative(congress, tree.college, f"{prefix}提案代表"),
        cosigners=[representative(congress, tree.sibling, f"{prefix}附议代表{i}") for i in range(2)],
        outsider=make_user(MemberFactory(unit=tree.college, name=f"{prefix}普通会员")),
        handling_unit=tree.library,
        handler=make_user(handler_member),
    )


DATA = ProposalData(
    title="关于改善青年教师住房条件的提案",
    reasons="青年教师租房负担重，影响队伍稳定。",
    suggestions="一、扩建周转房；二、提高住房补贴。",
    category="logistics",
)


def member_of(user: User) -> Member:
    member = member_for(user)
    assert member is not None
    return member


def drafted(world: Congressmen, data: ProposalData = DATA) -> Proposal:
    return proposal_create(session=world.session, data=data, actor=world.proposer)


def cosigned(world: Congressmen, data: ProposalData = DATA) -> Proposal:
    proposal = drafted(world, data)
    cosigners_invite(proposal=proposal, members=[member_of(u) for u in world.cosigners], actor=world.proposer)
    for user in world.cosigners:
        cosign_answer(proposal=proposal, confirm=True, actor=user)
    return proposal


def submitted(world: Congressmen, data: ProposalData = DATA) -> Proposal:
    return proposal_submit(proposal=cosigned(world, data), actor=world.proposer)


def accepted(world: Congressmen, data: ProposalData = DATA) -> Proposal:
    return proposal_decide(proposal=submitted(world, data), decision="accept", actor=SYSTEM)


def assigned(world: Congressmen, data: ProposalData = DATA) -> Proposal:
    return proposal_assign(proposal=accepted(world, data), lead=world.handling_unit, actor=SYSTEM)


def answered(world: Congressmen, data: ProposalData = DATA) -> Proposal:
    proposal = assigned(world, data)
    proposal_answer(
        proposal=proposal,
        category="B",
        text="已列入明年计划",
        done_by=clock.today() + timedelta(days=200),
        actor=world.handler,
    )
    proposal.refresh_from_db()
    return proposal


def world_proposals(tenant: Any, root: Unit, marker: str) -> tuple[Session, Proposal]:
    """The permission matrix's proposals of a school (``tests/permission_world.py``): the school's
    congress (term 9) with three representatives of its root, a session a month ahead with its
    collection open, and one submitted proposal whose title carries the school's marker."""
    congress, session = collecting(root, term_number=9)
    proposer, *cosigners = (representative(congress, root, f"{marker}代表{i}") for i in range(3))
    world = Congressmen(congress, session, proposer, cosigners, proposer, root, proposer)
    proposal = submitted(world, ProposalData(f"{marker}proposal", "理由", "建议", "other"))
    return session, proposal
