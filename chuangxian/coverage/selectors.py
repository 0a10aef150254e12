"""Live coverage of a campaign (seed §六(二)): projects per sub-union, pledges and activities per member.

A member counts when they are active (在职) and sit anywhere in the unit's subtree; their published
pledge (示诺 or later) and their attendance at any activity of the campaign count for the unit they
are in *now*, so a transfer moves the member's figures with them. A sub-union (or a group directly
under the school union) counts as having a project when its subtree has registered at least the
target number of projects for the campaign.

``coverage_report`` answers in a fixed number of queries whatever the size of the tenant: the units
(1), the targets (1), the member figures per unit (1, with EXISTS subqueries), the projects per unit
(1). ``missing_members`` is one query per page; its count is the report's (``missing_count``).
"""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _

from chuangxian.activities.models import ActivityStatus, Attendance, Registration, RegistrationStatus
from chuangxian.campaigns.models import Campaign
from chuangxian.core.scope import lineage
from chuangxian.coverage.models import (
    DEFAULT_ACTIVITY_PERCENT,
    DEFAULT_PLEDGE_PERCENT,
    DEFAULT_PROJECTS,
    CoverageTarget,
)
from chuangxian.orgs.models import Member, MemberStatus, Unit, UnitCategory, UnitKind
from chuangxian.pledges.models import PUBLIC_STATUSES, Pledge
from chuangxian.projects.models import Project

# Units that owe a project of their own: 一个分工会一个项目. A 工会小组 contributes to its sub-union's.
PROJECT_KINDS = (UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP)


class Missing:
    """What a member may still owe; the value of the ``missing`` filter of the drill-down."""

    ANY = "any"
    PLEDGE = "pledge"
    ACTIVITY = "activity"
    CHOICES = (
        (ANY, _("承诺或活动未完成")),
        (PLEDGE, _("未公示承诺")),
        (ACTIVITY, _("未参加活动")),
    )
    VALUES = (ANY, PLEDGE, ACTIVITY)


@dataclass(frozen=True)
class Target:
    projects: int = DEFAULT_PROJECTS
    pledge_percent: int = DEFAULT_PLEDGE_PERCENT
    activity_percent: int = DEFAULT_ACTIVITY_PERCENT


def percent(part: int, whole: int) -> int:
    """Rounded down, so 99.9% never shows as a met 100% target."""
    return 100 * part // whole if whole else 0


@dataclass
class Figures:
    members: int = 0
    pledged: int = 0
    attended: int = 0
    complete: int = 0  # both a published pledge and an attended activity

    def add(self, other: "Figures") -> None:
        self.members += other.members
        self.pledged += other.pledged
        self.attended += other.attended
        self.complete += other.complete

    @property
    def pledge_percent(self) -> int:
        return percent(self.pledged, self.members)

    @property
    def activity_percent(self) -> int:
        return percent(self.attended, self.members)

    @property
    def without_pledge(self) -> int:
        return self.members - self.pledged

    @property
    def without_activity(self) -> int:
        return self.members - self.attended

    @property
    def incomplete(self) -> int:
        return self.members - self.complete


@dataclass
class CoverageRow:
    unit: Unit
    target: Target
    figures: Figures = field(default_factory=Figures)
    projects: int = 0
    owes_project: bool = False
    own_members_only: bool = False  # the parent's members who sit in no child unit

    @property
    def pledge_met(self) -> bool:
        return self.figures.pledge_percent >= self.target.pledge_percent

    @property
    def activity_met(self) -> bool:
        return self.figures.activity_percent >= self.target.activity_percent

    @property
    def project_met(self) -> bool:
        return not self.owes_project or self.projects >= self.target.projects

    @property
    def all_met(self) -> bool:
        return self.pledge_met and self.activity_met and self.project_met


@dataclass
class CoverageReport:
    campaign: Campaign
    unit: Unit
    target: Target
    total: CoverageRow
    rows: list[CoverageRow]
    # Units of the subtree that owe a project, and those of them still short of the target.
    project_units: list[CoverageRow]
    units_without_project: list[CoverageRow]

    @property
    def project_met(self) -> bool:
        return not self.units_without_project

    @property
    def project_units_met(self) -> int:
        return len(self.project_units) - len(self.units_without_project)

    @property
    def project_percent(self) -> int:
        return percent(self.project_units_met, len(self.project_units))

    @property
    def rows_short(self) -> int:
        return sum(1 for row in self.rows if not row.all_met)


def coverage_targets(campaign: Campaign) -> dict[str, Target]:
    """Targets by unit category; the key "" is the default. One query."""
    targets = {"": Target()}
    for row in CoverageTarget.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign):
        targets[row.category] = Target(row.projects, row.pledge_percent, row.activity_percent)
    return targets


def _category_of(unit: Unit, by_path: dict[str, Unit]) -> str:
    """A unit's own category, or else the nearest categorised ancestor's (a group is guided with its
    college)."""
    for path in reversed(lineage(unit.path, unit.steplen)):
        found = by_path.get(path)
        if found is not None and found.category:
            return found.category
    return UnitCategory.NONE


def _target_for(unit: Unit, by_path: dict[str, Unit], targets: dict[str, Target]) -> Target:
    return targets.get(_category_of(unit, by_path)) or targets[""]


def _published_pledge(campaign: Campaign) -> Exists:
    return Exists(
        Pledge.objects.filter(
            tenant_id=campaign.tenant_id, campaign=campaign, member=OuterRef("pk"), status__in=PUBLIC_STATUSES
        )
    )


def _attended(campaign: Campaign) -> Exists:
    return Exists(
        Attendance.objects.filter(
            tenant_id=campaign.tenant_id, activity__campaign=campaign, member=OuterRef("pk")
        )
    )


def _members(unit: Unit) -> QuerySet[Member]:
    return Member.objects.filter(
        tenant_id=unit.tenant_id, status=MemberStatus.ACTIVE, unit__path__startswith=unit.path
    )


def _attendee_ids(campaign: Campaign) -> QuerySet[Attendance, Any]:
    # DISTINCT matters: without it PostgreSQL plans one probe per attendance row, not per attendee.
    return (
        Attendance.objects.filter(tenant_id=campaign.tenant_id, activity__campaign=campaign)
        .values("member_id")
        .distinct()
    )


def _figures_by(members: QuerySet[Member], campaign: Campaign, key: str) -> dict[Any, Figures]:
    """Members grouped by ``key`` and by the two flags (published pledge, attended), at most four
    rows per key, summed here; one query. Attendance is tested against the campaign's distinct
    attendees (one hashed subquery) rather than a per-member EXISTS: see bench/README.md."""
    rows = (
        members.annotate(
            pledged=_published_pledge(campaign),
            attended=ExpressionWrapper(Q(pk__in=_attendee_ids(campaign)), output_field=BooleanField()),
        )
        .values_list(key, "pledged", "attended")
        .annotate(n=Count("pk"))
        .order_by()
    )
    result: dict[Any, Figures] = {}
    for group, pledged, attended, n in rows:
        figures = result.setdefault(group, Figures())
        figures.members += n
        figures.pledged += n if pledged else 0
        figures.attended += n if attended else 0
        figures.complete += n if pledged and attended else 0
    return result


def member_figures_by_unit(campaign: Campaign, unit: Unit) -> dict[int, Figures]:
    """Figures for each unit of ``unit``'s subtree that has active members; one query."""
    return _figures_by(_members(unit), campaign, "unit_id")


def coverage_report(campaign: Campaign, unit: Unit) -> CoverageReport:
    """Coverage of ``unit``'s subtree, with one row per child unit (its whole subtree) and, if the
    unit has members of its own, a row for them."""
    units = list(
        Unit.objects.filter(tenant_id=unit.tenant_id)
        .filter(Q(path__startswith=unit.path) | Q(path__in=lineage(unit.path, unit.steplen)))
        .order_by("path")
    )
    by_path = {u.path: u for u in units}
    targets = coverage_targets(campaign)
    figures = member_figures_by_unit(campaign, unit)
    projects = dict(
        Project.objects.filter(
            tenant_id=campaign.tenant_id, campaign=campaign, unit__path__startswith=unit.path
        )
        .values("unit_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("unit_id", "n")
    )
    subtree = [u for u in units if u.path.startswith(unit.path)]
    depth = unit.depth
    total = CoverageRow(unit=unit, target=_target_for(unit, by_path, targets))
    own = CoverageRow(unit=unit, target=total.target, own_members_only=True)
    children: dict[str, CoverageRow] = {}
    # Every project-owing unit of the subtree, for the tenant-wide "units with a project" figure.
    owing: dict[str, CoverageRow] = {}
    for u in subtree:
        if u.kind in PROJECT_KINDS and u.is_active:
            owing[u.path] = CoverageRow(unit=u, target=_target_for(u, by_path, targets), owes_project=True)
        if u.depth == depth + 1 and u.is_active:
            children[u.path] = CoverageRow(
                unit=u, target=_target_for(u, by_path, targets), owes_project=u.kind in PROJECT_KINDS
            )
    for u in subtree:
        unit_figures = figures.get(u.pk)
        unit_projects = projects.get(u.pk, 0)
        total.projects += unit_projects
        if unit_figures is not None:
            total.figures.add(unit_figures)
        for path in lineage(u.path, u.steplen)[unit.depth - 1 :]:  # u and its ancestors within unit
            if path in owing:
                owing[path].projects += unit_projects
        if u.depth == depth:
            if unit_figures is not None:
                own.figures.add(unit_figures)
            continue
        row = children.get(u.path[: len(unit.path) + u.steplen])
        if row is None:  # under a deactivated child: count for the unit itself
            row = own
        row.projects += unit_projects
        if unit_figures is not None:
            row.figures.add(unit_figures)
    total.owes_project = unit.kind in PROJECT_KINDS
    rows = list(children.values())
    if own.figures.members:
        rows.insert(0, own)
    project_units = list(owing.values())
    return CoverageReport(
        campaign=campaign,
        unit=unit,
        target=total.target,
        total=total,
        rows=rows,
        project_units=project_units,
        units_without_project=[row for row in project_units if not row.project_met],
    )


# What the drill-down and the export show of a member: not the whole roster row (ID number, phone,
# e-mail, birth date...) nor the unit's, across the four tables of a page of fifty.
_MISSING_COLUMNS = ("tenant_id", "unit_id", "staff_no", "name", "unit__tenant_id", "unit__name")


def missing_members(campaign: Campaign, unit: Unit, missing: str = Missing.ANY) -> QuerySet[Member]:
    """Active members of ``unit``'s subtree who still owe a published pledge and/or an attended
    activity (their staff number, name and unit's name: ``_MISSING_COLUMNS``), with what they have
    so far: ``pledge_status`` (None when they wrote nothing), ``has_pledge``, ``has_attended`` and
    ``signed_up`` (a confirmed place at an activity that is not over). One query per page."""
    tenant_id = campaign.tenant_id
    pledge_status = Pledge.objects.filter(
        tenant_id=tenant_id, campaign=campaign, member=OuterRef("pk")
    ).values("status")[:1]
    signed_up = Exists(
        Registration.objects.filter(
            tenant_id=tenant_id,
            member=OuterRef("pk"),
            status=RegistrationStatus.CONFIRMED,
            activity__campaign=campaign,
            activity__status=ActivityStatus.PUBLISHED,
        )
    )
    qs = (
        _members(unit)
        .select_related("unit")
        .only(*_MISSING_COLUMNS)
        .annotate(
            has_pledge=_published_pledge(campaign),
            has_attended=_attended(campaign),
            pledge_status=Subquery(pledge_status),
            signed_up=signed_up,
        )
    )
    if missing == Missing.PLEDGE:
        qs = qs.filter(has_pledge=False)
    elif missing == Missing.ACTIVITY:
        qs = qs.filter(has_attended=False)
    else:
        qs = qs.filter(Q(has_pledge=False) | Q(has_attended=False))
    return qs.order_by("unit__path", "staff_no")


def missing_count(report: CoverageReport, missing: str = Missing.ANY) -> int:
    """How many members ``missing_members`` lists for the report's unit, from the figures the report
    has counted already (the same active members of the subtree, the same published pledge and
    attendance): the drill-down's paginator needs no COUNT of its own."""
    figures = report.total.figures
    if missing == Missing.PLEDGE:
        return figures.without_pledge
    if missing == Missing.ACTIVITY:
        return figures.without_activity
    return figures.incomplete


def figures_for_units(campaign: Campaign, units: list[Unit]) -> list[tuple[Unit, Figures]]:
    """Each of ``units`` with the figures of its whole subtree (for the officers' to-do); one query."""
    if not units:
        return []
    subtrees = Q()
    for unit in units:
        subtrees |= Q(unit__path__startswith=unit.path)
    members = Member.objects.filter(tenant_id=campaign.tenant_id, status=MemberStatus.ACTIVE).filter(subtrees)
    by_path = _figures_by(members, campaign, "unit__path")
    result = []
    for unit in sorted(units, key=lambda u: u.path):
        total = Figures()
        for path, figures in by_path.items():
            if path.startswith(unit.path):
                total.add(figures)
        result.append((unit, total))
    return result
