"""Reads of unit plans shared by pages: the office's list, a plan's versions, its decisions and version diffs."""

from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from chuangxian.campaigns.models import Campaign
from chuangxian.core.scope import lineage
from chuangxian.orgs.models import Member, Unit, UnitKind
from chuangxian.plans.models import PlanStatus, PlanVersion, UnitPlan
from chuangxian.review.diff import FieldDiff, fields_diff
from chuangxian.review.models import Decision
from chuangxian.review.selectors import decisions_of

# Units that write a plan: sub-unions and direct union groups (seed §六(一)).
PLAN_UNIT_KINDS = (UnitKind.SUB_UNION, UnitKind.DIRECT_GROUP)
NOT_STARTED = "not_started"


@dataclass
class PlanRow:
    unit: Unit
    plan: UnitPlan | None

    @property
    def status(self) -> str:
        return self.plan.status if self.plan else NOT_STARTED


def plan_units_for_office(*, campaign: Campaign, status: str = "", category: str = "") -> QuerySet[Unit]:
    """Units expected to write a plan, filtered by plan status (or 'not_started') and category."""
    units = Unit.objects.filter(tenant_id=campaign.tenant_id, is_active=True, kind__in=PLAN_UNIT_KINDS)
    if category:
        units = units.filter(category=category)
    plans = UnitPlan.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign)
    if status == NOT_STARTED:
        units = units.exclude(pk__in=plans.values("unit_id"))
    elif status:
        units = units.filter(pk__in=plans.filter(status=status).values("unit_id"))
    return units.order_by("path")


def plan_rows(*, campaign: Campaign, units: list[Unit]) -> list[PlanRow]:
    """Each unit with its plan (or None); one query for any number of units.

    A plan carries ``submitted_at``: when its current version was submitted, None while that
    version is a draft. (The plan's own ``updated_at`` moves with every review and bulk load.)
    """
    submitted_at = PlanVersion.objects.filter(
        tenant_id=campaign.tenant_id, plan=OuterRef("pk"), number=OuterRef("current_number")
    ).values("submitted_at")[:1]
    plans = {
        p.unit_id: p
        for p in UnitPlan.objects.filter(
            tenant_id=campaign.tenant_id, campaign=campaign, unit__in=units
        ).annotate(submitted_at=Subquery(submitted_at))
    }
    return [PlanRow(unit=unit, plan=plans.get(unit.pk)) for unit in units]


def plan_status_counts(campaign: Campaign) -> dict[str, int]:
    counts = dict.fromkeys(PlanStatus.values, 0)
    rows = (
        UnitPlan.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign)
        .values("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    counts.update(dict(rows))
    return counts


def plan_for_unit(*, unit: Unit, campaign: Campaign) -> UnitPlan | None:
    return (
        UnitPlan.objects.select_related("unit", "campaign")
        .filter(tenant_id=unit.tenant_id, campaign=campaign, unit=unit)
        .first()
    )


def plan_versions(plan: UnitPlan) -> list[PlanVersion]:
    return list(
        PlanVersion.objects.filter(tenant_id=plan.tenant_id, plan=plan)
        .select_related("theme", "submitted_by")
        .order_by("number")
    )


def plan_version(plan: UnitPlan, number: int) -> PlanVersion | None:
    return (
        PlanVersion.objects.filter(tenant_id=plan.tenant_id, plan=plan, number=number)
        .select_related("theme", "submitted_by")
        .first()
    )


def plan_approved_version(plan: UnitPlan) -> PlanVersion | None:
    """Approval is final, so the approved version is the current one."""
    if plan.status != PlanStatus.APPROVED:
        return None
    return plan_version(plan, plan.current_number)


def plan_reviews(plan: UnitPlan) -> list[Decision]:
    """The office's decisions on the plan, newest first (``number``: the version decided on)."""
    return decisions_of(plan)


def plans_approved_for_member(member: Member, campaign: Campaign) -> list[UnitPlan]:
    """Approved plans of the member's unit and the units above it (nearest first)."""
    unit = member.unit
    paths = lineage(unit.path, unit.steplen)
    return list(
        UnitPlan.objects.filter(
            tenant_id=member.tenant_id, campaign=campaign, status=PlanStatus.APPROVED, unit__path__in=paths
        )
        .select_related("unit")
        .order_by("-unit__depth")
    )


def plans_for_units(*, campaign: Campaign, unit_ids: list[int]) -> list[PlanRow]:
    units = list(Unit.objects.filter(tenant_id=campaign.tenant_id, pk__in=unit_ids).order_by("path"))
    return plan_rows(campaign=campaign, units=units)


# --- Comparing versions ----------------------------------------------------------------------------


def _version_fields(version: PlanVersion) -> list[tuple[str, str]]:
    responsible = version.responsible
    if version.responsible_members:
        names = "、".join(version.responsible_names)
        responsible = f"{names}\n{responsible}".strip()
    return [
        (_("目标"), version.goals),
        (_("措施"), version.measures),
        (_("对应主题实践活动"), version.theme.name if version.theme else ""),
        (_("拟开展项目"), version.project),
        (_("时间安排"), version.schedule),
        (_("责任人"), responsible),
        (_("方案文件"), version.file_name),
    ]


def plan_version_diff(old: PlanVersion, new: PlanVersion) -> list[FieldDiff]:
    """Per field, what changed from ``old`` to ``new`` (the shared compare, ``review.diff``)."""
    return fields_diff(_version_fields(old), _version_fields(new))
