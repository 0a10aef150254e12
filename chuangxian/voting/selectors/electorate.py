"""Who may vote in a poll: its electorate, the preview of it by unit, and the turnout."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit
from chuangxian.voting.models import (
    ElectorateKind,
    Participation,
    Poll,
    PollUnit,
)

# Where a REPRESENTATIVES electorate comes from: the congress app registers a source that answers
# for the polls of its sessions (the congress's representatives of the current term) and None for
# any other poll, which keeps the representatives' role under the organising unit.
RepresentativesSource = Callable[[Poll], "QuerySet[Member] | None"]
_representatives_sources: list[RepresentativesSource] = []


def register_representatives_source(source: RepresentativesSource) -> None:
    if source not in _representatives_sources:
        _representatives_sources.append(source)


def electorate_members(poll: Poll) -> QuerySet[Member]:
    """Active members who may vote, as a queryset (snapshotted by ``services.poll_open``)."""
    members = Member.objects.filter(tenant_id=poll.tenant_id, status=MemberStatus.ACTIVE)
    if poll.electorate_kind == ElectorateKind.TENANT:
        return members
    if poll.electorate_kind == ElectorateKind.REPRESENTATIVES:
        for source in _representatives_sources:
            voters = source(poll)
            if voters is not None:
                return voters
        reps = RoleAssignment.objects.filter(
            tenant_id=poll.tenant_id, role=Role.REPRESENTATIVE, unit__path__startswith=poll.unit.path
        ).values("member_id")
        return members.filter(pk__in=reps)
    return members.filter(_subtrees(_electorate_units(poll)))


def _electorate_units(poll: Poll) -> list[Unit]:
    return [
        row.unit
        for row in PollUnit.objects.filter(tenant_id=poll.tenant_id, poll=poll)
        .select_related("unit")
        .order_by("unit__path")
    ]


def _subtrees(units: list[Unit]) -> Q:
    subtrees = Q(pk__in=[])
    for unit in units:
        subtrees |= Q(unit__path__startswith=unit.path)
    return subtrees


@dataclass(frozen=True)
class ElectorateUnit:
    name: str
    members: int  # active members in the unit and its sub-units
    inside: str  # the name of another chosen unit that already contains this one, or ""


@dataclass(frozen=True)
class ElectoratePreview:
    """Who opening the poll would freeze: ``size`` voters, from ``units`` (units electorates)."""

    size: int
    kind: str
    units: list[ElectorateUnit]


def electorate_preview(poll: Poll) -> ElectoratePreview:
    """The electorate ``services.poll_open`` would freeze now, for the organiser to confirm: its size
    and, for a units electorate, each chosen unit with its members and whether another chosen unit
    already contains it (ticking 校工会 reaches every unit). Two queries."""
    if poll.electorate_kind != ElectorateKind.UNITS:
        return ElectoratePreview(size=electorate_members(poll).count(), kind=poll.electorate_kind, units=[])
    units = _electorate_units(poll)
    members = Member.objects.filter(tenant_id=poll.tenant_id, status=MemberStatus.ACTIVE)
    counts = members.aggregate(
        size=Count("pk", filter=_subtrees(units)),
        **{f"u{u.pk}": Count("pk", filter=Q(unit__path__startswith=u.path)) for u in units},
    )
    rows = [
        ElectorateUnit(
            name=u.name,
            members=counts[f"u{u.pk}"],
            inside=next(
                (o.name for o in units if o.pk != u.pk and u.path.startswith(o.path) and o.path != u.path),
                "",
            ),
        )
        for u in units
    ]
    return ElectoratePreview(size=counts["size"], kind=poll.electorate_kind, units=rows)


def poll_turnout(poll: Poll) -> dict[str, int]:
    counts = dict(
        Participation.objects.filter(tenant_id=poll.tenant_id, poll=poll)
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    return {
        "online": counts.get("online", 0),
        "paper": counts.get("paper", 0),
        "electorate": poll.electorate_size,
    }
