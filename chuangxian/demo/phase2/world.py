"""What the phase-2 replay works on: phase 2's dates, the units, the active roster and who acts.

Read once at the start of the replay (a handful of queries); the parts (projects, pledges,
activities) plan on these lists and never query the roster again.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from chuangxian.accounts.models import User
from chuangxian.accounts.services_bulk import accounts_create_for_members
from chuangxian.campaigns.models import Campaign, Phase
from chuangxian.core.actors import DEMO
from chuangxian.core.roles import Role
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit, UnitKind

PHASE2_ORDER = 2


@dataclass(frozen=True)
class Phase2Cast:
    """The logins and personas the replay needs (from ``services``)."""

    office: Any  # the campaign office's login: acts for every unit without a login of its own
    model_unit: Unit | None = None  # the personas' unit, which acts through its own officers
    chair: Any = None  # the model unit's chair's login
    liaison: Any = None  # the model unit's liaison's login
    plain_member_id: int | None = None  # the plain member persona: no pledge, no activity yet
    persona_member_ids: dict[str, int] = field(default_factory=dict)  # PersonaKey → member pk


@dataclass
class World:
    campaign: Campaign
    phase: Phase
    as_of: date
    cast: Phase2Cast
    root: Unit
    units: list[Unit]  # the secondary unions and direct groups, by path
    by_pk: dict[int, Unit]
    members: list[Member]  # active members, staff-number order, unit loaded
    officers: dict[int, dict[str, Member]]  # unit pk → {chair/liaison: member}
    cadres: set[int]  # members holding any role (their pledges are reviewed strictly)
    office_staff: list[Member] = field(default_factory=list)  # the campaign office's members (root)
    subtrees: dict[int, list[Member]] = field(default_factory=dict)  # unit pk → active members below
    secondary: dict[int, Unit] = field(default_factory=dict)  # member pk → their 二级工会 (or the root)

    @property
    def start(self) -> date:
        return self.phase.starts_on

    @property
    def end(self) -> date:
        return self.phase.ends_on

    @property
    def elapsed(self) -> int:
        """Whole days of phase 2 before the demo's day."""
        return (self.as_of - self.start).days

    @property
    def tenant_id(self) -> int:
        return self.campaign.tenant_id

    def subtree(self, unit: Unit) -> list[Member]:
        return self.subtrees.get(unit.pk, [])

    def secondary_of(self, member: Member) -> Unit:
        """The 二级工会 or 直属工会小组 a member belongs to (the root for the school union's staff)."""
        return self.secondary.get(member.pk, self.root)

    def unit_named(self, name: str) -> Unit:
        """A unit that is not a union group, by name (names of those are unique in a tenant)."""
        return next(u for u in self.by_pk.values() if u.name == name and u.kind != UnitKind.GROUP)

    def actor(self, unit: Unit) -> Any:
        """The login that records a unit's work: its own chair where it has a login, else the office."""
        if self.cast.model_unit is not None and unit.pk == self.cast.model_unit.pk and self.cast.chair:
            return self.cast.chair
        return self.cast.office

    def day(self, offset: int) -> date:
        """The day ``offset`` days after phase 2 started."""
        return self.start + timedelta(days=offset)

    def past_day(self, rng: random.Random, low: int, high: int) -> date:
        """A day between ``low`` and ``high`` days into phase 2, never on or after the demo's day."""
        high = min(high, self.elapsed - 1)
        return self.day(rng.randint(min(low, high), high))


def world_load(*, campaign: Campaign, cast: Phase2Cast, as_of: date) -> World:
    phase = campaign.phases.get(order=PHASE2_ORDER)
    tenant_id = campaign.tenant_id
    all_units = list(Unit.objects.filter(tenant_id=tenant_id, is_active=True).order_by("path"))
    root = next(u for u in all_units if u.depth == 1)
    units = [u for u in all_units if u.kind in (UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP) and u.depth == 2]
    members = list(
        Member.objects.filter(tenant_id=tenant_id, status=MemberStatus.ACTIVE)
        .select_related("unit", "user")
        .order_by("staff_no")
    )
    officers: dict[int, dict[str, Member]] = defaultdict(dict)
    cadres: set[int] = set()
    office_staff: list[Member] = []
    by_member = {m.pk: m for m in members}
    for unit_id, role, member_id in RoleAssignment.objects.filter(tenant_id=tenant_id).values_list(
        "unit_id", "role", "member_id"
    ):
        cadres.add(member_id)
        if role == Role.OFFICE and unit_id == root.pk and member_id in by_member:
            office_staff.append(by_member[member_id])
        if role in (Role.CHAIR, Role.LIAISON) and member_id in by_member:
            officers[unit_id][role] = by_member[member_id]
    subtrees: dict[int, list[Member]] = defaultdict(list)
    secondary: dict[int, Unit] = {}
    by_path = {u.path: u for u in all_units}
    step = root.steplen
    for member in members:
        path = member.unit.path
        secondary[member.pk] = by_path.get(path[: 2 * step], root)
        for end in range(step, len(path) + 1, step):
            unit = by_path.get(path[:end])
            if unit is not None:
                subtrees[unit.pk].append(member)
    return World(
        campaign=campaign,
        phase=phase,
        as_of=as_of,
        cast=cast,
        root=root,
        units=units,
        by_pk={u.pk: u for u in all_units},
        members=members,
        officers=dict(officers),
        cadres=cadres,
        office_staff=sorted(office_staff, key=lambda m: m.staff_no),
        subtrees=dict(subtrees),
        secondary=secondary,
    )


def own_login(member: Member) -> User:
    """The member's own login, to act as themselves through a service (``logins_for`` gave it)."""
    assert member.user is not None, "logins_for gives a login to every member who acts"
    return member.user


def logins_for(members: list[Member]) -> None:
    """Give each of ``members`` who has no login one, so that they act as themselves through the
    services (``accounts_create_for_members``, recorded by the demo): an unusable password and a
    forced change, so each still logs in the first time with the initial password, as before.
    Sets ``member.user`` on the objects given (the world's own)."""
    missing = list({m.pk: m for m in members if m.user_id is None}.values())
    if not missing:
        return
    logins = accounts_create_for_members(members=missing, actor=DEMO)
    for member in members:
        if member.user_id is None:
            member.user = logins[member.pk]
