"""Who may organise, vote in, check and see a poll.

A poll is organised at a unit: its chair and liaison (and the office above them) set it up, open,
close, count and release it; the system (the voting clock) closes and reminds. The platform admin
belongs to no school and runs no school's polls. Voters are the frozen electorate, and each casts
only their own ballot. Scrutineers (监票人) and tellers (计票人) hold a grant on the poll
(``grants``: named by the organiser on the poll form, until taken back) and act only for themselves.
Results and the ballot list are seen, once released, by the electorate, the poll's officers and
whoever may view the organising unit.
"""

from chuangxian.core.actors import Actor, is_person, is_system
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.permissions import can_manage_unit, member_for, scope_for
from chuangxian.voting.models import Eligibility, Poll, PollStatus


def _of_school(actor: Actor, tenant_id: int) -> bool:
    """The system, or a login of the school the poll belongs to."""
    return is_system(actor) or actor.tenant_id == tenant_id


def can_organise_at(user: Actor, unit: Unit) -> bool:
    return _of_school(user, unit.tenant_id) and can_manage_unit(user, unit)


def can_manage_poll(user: Actor, poll: Poll) -> bool:
    """Set up, open, remind, close, count, settle ties of and release ``poll``."""
    return _of_school(user, poll.tenant_id) and can_manage_unit(user, poll.unit)


def can_record_lot(user: Actor, poll: Poll) -> bool:
    """The lot is drawn in front of the scrutineers and recorded by a person who organises the poll;
    the system draws no lots."""
    return is_person(user) and can_manage_poll(user, poll)


def acts_as(actor: Actor, member: Member) -> bool:
    """``actor`` is ``member`` in person: a ballot, a scrutineer's confirmation or a teller's entry
    is made by that member's own login, never by someone else (nor by the system) for them."""
    own = member_for(actor)
    return own is not None and own.pk == member.pk


# On a poll read by ``access_poll``: {member id: eligible}. That poll lives for one request, and its
# page asks the same question two or three times (who may see it, who may vote on it); the services
# still ask the database themselves before they write.
_ELIGIBLE = "_chuangxian_eligible"


def is_eligible(user: Actor, poll: Poll) -> bool:
    member = member_for(user)
    if member is None:
        return False
    known: dict[int, bool] | None = poll.__dict__.get(_ELIGIBLE)
    if known is not None and member.pk in known:
        return known[member.pk]
    eligible = Eligibility.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists()
    if known is not None:
        known[member.pk] = eligible
    return eligible


OFFICER_KINDS = (GrantKind.SCRUTINEER, GrantKind.TELLER)


def is_scrutineer(user: Actor, poll: Poll) -> bool:
    """``user`` holds the scrutineer (监票人) grant on ``poll`` today."""
    return holds_grant(user, GrantKind.SCRUTINEER, poll)


def is_teller(user: Actor, poll: Poll) -> bool:
    """``user`` holds the teller (计票人) grant on ``poll`` today."""
    return holds_grant(user, GrantKind.TELLER, poll)


def officer_kinds(user: Actor, poll: Poll) -> set[str]:
    """The officer grants (scrutineer, teller) ``user`` holds on ``poll`` today (none without a
    roster row: ``holds_grant``)."""
    return {str(kind) for kind in OFFICER_KINDS if holds_grant(user, kind, poll)}


def is_officer(user: Actor, poll: Poll) -> bool:
    return any(holds_grant(user, kind, poll) for kind in OFFICER_KINDS)


def can_see_poll(user: Actor, poll: Poll) -> bool:
    if scope_for(user, Capability.VIEW).covers(tenant_id=poll.tenant_id, path=poll.unit.path):
        return True
    if poll.status == PollStatus.DRAFT:
        return is_officer(user, poll)
    return is_eligible(user, poll) or is_officer(user, poll)


def can_see_result(user: Actor, poll: Poll) -> bool:
    return poll.status == PollStatus.PUBLISHED and can_see_poll(user, poll)


def access_poll(user: Actor, poll_id: int, *, manage: bool = False) -> Poll:
    if user.tenant_id is None:  # the platform admin and the system belong to no school
        raise NotFoundError()
    poll = Poll.objects.select_related("unit").filter(pk=poll_id, tenant_id=user.tenant_id).first()
    if poll is None:
        raise NotFoundError()
    poll.__dict__[_ELIGIBLE] = {}  # this request's poll: its eligibility asked once (is_eligible)
    allowed = can_manage_poll(user, poll) if manage else can_see_poll(user, poll)
    if not allowed:
        raise NotFoundError()
    return poll
