"""A poll's scrutineers and tellers: who holds the grant, and who of them has confirmed."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import OuterRef, Subquery

from chuangxian.grants.models import GrantKind
from chuangxian.grants.selectors import grant_holders
from chuangxian.orgs.models import Member
from chuangxian.voting import tally
from chuangxian.voting.models import (
    Poll,
    PollOfficer,
)


@dataclass(frozen=True)
class Officer:
    """A scrutineer (监票人) or teller (计票人) of a poll, that is a live grant on it, with the
    scrutineer's confirmation of the count (``PollOfficer``) when they have confirmed."""

    kind: str
    member: Member
    confirmed_hash: str = ""
    confirmed_at: datetime | None = None

    def get_kind_display(self) -> str:
        return str(GrantKind(self.kind).label)

    @property
    def confirmed_fingerprint(self) -> str:
        """The fingerprint the scrutineer's recount showed when they confirmed ("" before)."""
        return tally.fingerprint(self.confirmed_hash)


def _officers(poll: Poll, kind: str, member: Member | None = None, order: str = "pk") -> list[Officer]:
    """The holders of ``kind`` on ``poll`` today, each with their confirmation; one query."""
    grants = grant_holders(kind, poll).order_by(order)
    if member is not None:
        grants = grants.filter(member=member)
    confirmation = PollOfficer.objects.filter(
        tenant_id=poll.tenant_id, poll=poll, kind=PollOfficer.Kind.SCRUTINEER, member_id=OuterRef("member_id")
    )
    if kind == GrantKind.SCRUTINEER:
        grants = grants.annotate(
            confirmed_hash=Subquery(confirmation.values("confirmed_hash")[:1]),
            confirmed_at=Subquery(confirmation.values("confirmed_at")[:1]),
        )
    return [
        Officer(
            kind=kind,
            member=grant.member,
            confirmed_hash=getattr(grant, "confirmed_hash", None) or "",
            confirmed_at=getattr(grant, "confirmed_at", None),
        )
        for grant in grants
        if grant.member is not None
    ]


def poll_officers(poll: Poll) -> list[Officer]:
    """The poll's scrutineers, then its tellers, in the order they were named; two queries."""
    return _officers(poll, GrantKind.SCRUTINEER) + _officers(poll, GrantKind.TELLER)


def scrutineers(poll: Poll) -> list[Officer]:
    """The poll's scrutineers (监票人) with whether and when they confirmed the final hash; one query."""
    return _officers(poll, GrantKind.SCRUTINEER, order="member__name")


def scrutineer_get(poll: Poll, member: Member | None) -> Officer | None:
    """``member`` as a scrutineer (监票人) of the poll, or None if they hold no such grant; one query."""
    if member is None:
        return None
    return next(iter(_officers(poll, GrantKind.SCRUTINEER, member=member)), None)


def officer_staff_numbers(poll: Poll) -> dict[str, list[str]]:
    """The staff numbers of the poll's scrutineers and tellers, for its form and its audit entries;
    two queries."""
    return {
        key: list(
            grant_holders(kind, poll).order_by("member__staff_no").values_list("member__staff_no", flat=True)
        )
        for key, kind in (("scrutineers", GrantKind.SCRUTINEER), ("tellers", GrantKind.TELLER))
    }
