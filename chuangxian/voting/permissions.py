"""Who may organise, vote in, check and see a poll.

A poll is organised at a unit: its chair and liaison (and the office above them) set it up, open,
close, count and release it. Voters are the frozen electorate. Scrutineers (监票人) and tellers
(计票人) are named on the poll. Results and the ballot list are seen, once released, by the
electorate, the poll's officers and whoever may view the organising unit.
"""

from typing import Any

from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_manage_unit, member_for, scope_for
from chuangxian.voting.models import Eligibility, Poll, PollOfficer, PollStatus


def can_organise_at(user: Any, unit: Unit) -> bool:
    return can_manage_unit(user, unit)


def can_manage_poll(user: Any, poll: Poll) -> bool:
    return can_manage_unit(user, poll.unit)


def is_eligible(user: Any, poll: Poll) -> bool:
    member = member_for(user)
    return (
        member is not None
        and Eligibility.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).exists()
    )


def officer_kinds(user: Any, poll: Poll) -> set[str]:
    member = member_for(user)
    if member is None:
        return set()
    return set(
        PollOfficer.objects.filter(tenant_id=poll.tenant_id, poll=poll, member=member).values_list(
            "kind", flat=True
        )
    )


def can_see_poll(user: Any, poll: Poll) -> bool:
    if scope_for(user, Capability.VIEW).covers(tenant_id=poll.tenant_id, path=poll.unit.path):
        return True
    if poll.status == PollStatus.DRAFT:
        return bool(officer_kinds(user, poll))
    return is_eligible(user, poll) or bool(officer_kinds(user, poll))


def can_see_result(user: Any, poll: Poll) -> bool:
    return poll.status == PollStatus.PUBLISHED and can_see_poll(user, poll)


def access_poll(user: Any, poll_id: int, *, manage: bool = False) -> Poll:
    poll = (
        Poll.objects.select_related("unit")
        .filter(pk=poll_id, tenant_id=getattr(user, "tenant_id", -1))
        .first()
    )
    if poll is None:
        raise NotFoundError()
    allowed = can_manage_poll(user, poll) if manage else can_see_poll(user, poll)
    if not allowed:
        raise NotFoundError()
    return poll
