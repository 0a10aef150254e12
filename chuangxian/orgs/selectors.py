"""Reads of the organisation tree and the roster shared by pages. Query counts are bounded."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from chuangxian.core.roles import OFFICER_ROLES, Role
from chuangxian.core.scope import Scope, lineage
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit


@dataclass
class UnitRow:
    unit: Unit
    member_count: int = 0  # active members of the unit itself (本级)
    subtree_count: int = 0  # active members of the unit and every unit under it (含下级), as coverage counts
    chairs: list[str] = field(default_factory=list)
    liaisons: list[str] = field(default_factory=list)

    @property
    def indent(self) -> float:
        return round(float(self.unit.depth - 1) * 1.25, 2)


def unit_rows_for_scope(
    scope: Scope, *, tenant_id: int, include_inactive: bool = False, category: str | None = None
) -> list[UnitRow]:
    """Units inside ``scope`` in tree order, with officers and active-member counts of the unit itself
    and of its subtree. Three queries, whatever the size of the tree.

    The subtree count covers every unit under the row inside ``scope``, also those the filters hide
    (another category, deactivated), so a college's number is the one coverage reports.
    """
    units = Unit.objects.filter(scope.q()).filter(tenant_id=tenant_id)
    if not include_inactive:
        units = units.filter(is_active=True)
    if category:
        units = units.filter(Q(category=category) | Q(depth=1))
    own = dict(
        Member.objects.filter(tenant_id=tenant_id, status=MemberStatus.ACTIVE)
        .filter(scope.q(path_field="unit__path"))
        .values("unit__path")
        .annotate(n=Count("id"))
        .values_list("unit__path", "n")
    )
    subtree: dict[str, int] = {}
    for path, n in own.items():
        for prefix in lineage(path, Unit.steplen):
            subtree[prefix] = subtree.get(prefix, 0) + n
    rows = {
        unit.pk: UnitRow(
            unit=unit, member_count=own.get(unit.path, 0), subtree_count=subtree.get(unit.path, 0)
        )
        for unit in units.order_by("path")
    }
    officers = RoleAssignment.objects.filter(
        tenant_id=tenant_id, unit_id__in=list(rows), role__in=OFFICER_ROLES
    ).values_list("unit_id", "role", "member__name")
    for unit_id, role, name in officers:
        (rows[unit_id].chairs if role == Role.CHAIR else rows[unit_id].liaisons).append(name)
    return list(rows.values())


def unit_ancestors(unit: Unit) -> list[Unit]:
    """From the root down to the unit's parent; one query."""
    paths = lineage(unit.path, unit.steplen)[:-1]
    return list(Unit.objects.filter(tenant_id=unit.tenant_id, path__in=paths).order_by("depth"))


def unit_children(unit: Unit) -> list[UnitRow]:
    """The unit's direct children with active members of the child itself (本级) and of its whole
    subtree (含下级, the number coverage reports). Two queries, whatever the size of the subtree."""
    children = Unit.objects.filter(
        tenant_id=unit.tenant_id, path__startswith=unit.path, depth=unit.depth + 1
    ).order_by("path")
    own = dict(
        Member.objects.filter(
            tenant_id=unit.tenant_id, status=MemberStatus.ACTIVE, unit__path__startswith=unit.path
        )
        .exclude(unit=unit)
        .values("unit__path")
        .annotate(n=Count("id"))
        .values_list("unit__path", "n")
    )
    child_path_length = (unit.depth + 1) * Unit.steplen
    subtree: dict[str, int] = {}
    for path, n in own.items():
        subtree[path[:child_path_length]] = subtree.get(path[:child_path_length], 0) + n
    return [
        UnitRow(unit=child, member_count=own.get(child.path, 0), subtree_count=subtree.get(child.path, 0))
        for child in children
    ]


def unit_officers(unit: Unit) -> dict[str, list[Member]]:
    officers: dict[str, list[Member]] = {}
    for assignment in (
        RoleAssignment.objects.filter(unit=unit).select_related("member").order_by("role", "id")
    ):
        officers.setdefault(assignment.role, []).append(assignment.member)
    return officers


def unit_member_stats(unit: Unit) -> dict[str, int]:
    """Active members of the unit itself and of its whole subtree."""
    subtree = Member.objects.filter(tenant_id=unit.tenant_id, unit__path__startswith=unit.path)
    return subtree.aggregate(
        own=Count("id", filter=Q(unit=unit, status=MemberStatus.ACTIVE)),
        subtree=Count("id", filter=Q(status=MemberStatus.ACTIVE)),
        departed=Count("id", filter=~Q(status=MemberStatus.ACTIVE)),
    )


def member_list_for_unit(
    unit: Unit, *, subtree: bool = True, status: str | None = MemberStatus.ACTIVE, query: str = ""
) -> QuerySet[Member]:
    members = Member.objects.filter(tenant_id=unit.tenant_id).select_related("unit")
    members = members.filter(unit__path__startswith=unit.path) if subtree else members.filter(unit=unit)
    if status:
        members = members.filter(status=status)
    if query:
        members = members.filter(member_query(query))
    return members.order_by("unit__path", "staff_no")


def member_query(text: str) -> Q:
    """Name contains, staff number starts with, or pinyin initials start with ("zw" finds 张伟)."""
    text = text.strip()
    condition = Q(name__contains=text) | Q(staff_no__startswith=text)
    if text.isascii() and text.isalpha():
        condition |= Q(name_initials__startswith=text.lower())
    return condition


def member_search(
    scope: Scope, *, tenant_id: int, query: str, include_departed: bool = False
) -> QuerySet[Member]:
    members = Member.objects.filter(tenant_id=tenant_id).filter(scope.q(path_field="unit__path"))
    if not include_departed:
        members = members.filter(status=MemberStatus.ACTIVE)
    members = members.filter(member_query(query)) if query.strip() else members.none()
    return members.select_related("unit").order_by("name", "staff_no")


def member_roles(member: Member) -> list[RoleAssignment]:
    return list(member.roles.select_related("unit").order_by("unit__path", "role"))


def unit_choices(tenant_id: int, *, exclude_subtree_of: Unit | None = None) -> list[tuple[int, str]]:
    """Active units as indented choices for pickers."""
    units = Unit.objects.filter(tenant_id=tenant_id, is_active=True).order_by("path")
    if exclude_subtree_of is not None:
        units = units.exclude(path__startswith=exclude_subtree_of.path)
    return [(u.pk, f"{'　' * (u.depth - 1)}{u.name}") for u in units.only("id", "name", "depth", "path")]


def member_choices_for_unit(unit: Unit) -> QuerySet[Member]:
    return Member.objects.filter(
        tenant_id=unit.tenant_id, unit__path__startswith=unit.path, status=MemberStatus.ACTIVE
    ).order_by("name")
