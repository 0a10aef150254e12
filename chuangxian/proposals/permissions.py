"""Who may do what with proposals. The services ask these; views fetch through ``access_*`` (a
missing or forbidden record is the same 404).

- propose and co-sign: a voter of the session's congress (a representative in force, or a member
  of the unit at an all-staff meeting: ``congress.permissions.is_voter``);
- the proposals committee (审查, 立案, 交办) and the collection's settings: whoever manages the congress
  (its unit's officers and the office above them: ``can_manage_congress``);
- handle (answer, contribute): the holders of a role (承办部门, chair, liaison, office) at the handling
  unit or above it;
- see: a draft only its proposer and the representatives invited to co-sign it; from submission on,
  everyone of the school;
- rate: the proposer and the confirmed co-signers.
"""

from collections.abc import Sequence

from chuangxian.congress.models import Session
from chuangxian.congress.permissions import can_manage_congress, is_voter
from chuangxian.core.actors import Actor, is_system
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Role
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import in_tenant, member_for, role_assignments_for
from chuangxian.proposals.models import Answer, CoSigner, CoSignerStatus, Proposal, Status

HANDLER_ROLES = (Role.HANDLING_OFFICE, Role.CHAIR, Role.LIAISON, Role.OFFICE)


def can_propose(actor: Actor, session: Session) -> bool:
    return is_voter(actor, session.congress)


def can_decide(actor: Actor, session: Session) -> bool:
    return can_manage_congress(actor, session.congress)


def can_handle(actor: Actor, unit: Unit) -> bool:
    if is_system(actor):
        return True
    if actor.tenant_id != unit.tenant_id:
        return False
    return any(
        role in HANDLER_ROLES and unit.path.startswith(path)
        for role, _unit_id, path in role_assignments_for(actor)
    )


def is_invited(actor: Actor, proposal: Proposal) -> bool:
    member = member_for(actor)
    return member is not None and any(c.member_id == member.pk for c in proposal.cosigners.all())


def is_proposer(actor: Actor, proposal: Proposal) -> bool:
    member = member_for(actor)
    return member is not None and member.pk == proposal.proposer_id


def can_view_proposal(actor: Actor, proposal: Proposal) -> bool:
    if not in_tenant(actor, proposal.tenant_id):
        return False
    if proposal.status == Status.DRAFT:
        return is_proposer(actor, proposal) or is_invited(actor, proposal)
    return True


def can_rate(actor: Actor, proposal: Proposal) -> bool:
    member = member_for(actor)
    if member is None:
        return False
    if member.pk == proposal.proposer_id:
        return True
    return CoSigner.objects.filter(
        tenant_id=proposal.tenant_id, proposal=proposal, member=member, status=CoSignerStatus.CONFIRMED
    ).exists()


def access_proposal(actor: Actor, proposal_id: int) -> Proposal:
    proposal = (
        actor_rows(
            Proposal.objects.select_related(
                "session__congress__unit", "proposer__unit", "lead_unit", "merged_into"
            ),
            actor,
        )
        .prefetch_related("cosigners")
        .filter(pk=proposal_id)
        .first()
    )
    if proposal is None or not can_view_proposal(actor, proposal):
        raise NotFoundError()
    return proposal


def may_rate_now(actor: Actor, proposal: Proposal, answers: Sequence[Answer]) -> bool:
    """Whether the page offers ``actor`` the rating form: the proposer or a confirmed co-signer who
    has not rated the latest answer, while it waits for ratings (co-signers also once it is closed).
    ``answers``: the proposal's answers in order, with their ratings prefetched. The service checks
    the same (``proposal_rate``)."""
    member = member_for(actor)
    if not answers or member is None or not can_rate(actor, proposal):
        return False
    if member.pk in {r.member_id for r in answers[-1].ratings.all()}:
        return False
    mine = member.pk == proposal.proposer_id
    return proposal.status == Status.ANSWERED or (proposal.status == Status.CLOSED and not mine)
