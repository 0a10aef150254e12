"""Reads of campaigns and phases shared by pages."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, F, Max, Min, Prefetch, QuerySet

from chuangxian.campaigns.models import Campaign, CampaignStatus, Phase, PhaseStatus, PhaseWindowReopen
from chuangxian.core import clock
from chuangxian.core.errors import NotFoundError
from chuangxian.core.models import Tenant
from chuangxian.core.roles import Role
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.selectors import grant_state
from chuangxian.orgs.models import Member, RoleAssignment


@dataclass(frozen=True)
class PhaseView:
    phase: Phase
    status: str
    days_left: int
    progress: int  # % of the phase's days elapsed


def campaign_list_for_tenant(tenant_id: int) -> QuerySet[Campaign]:
    """With ``first_day``, ``last_day`` and ``phase_count`` annotated; one query."""
    return (
        Campaign.objects.filter(tenant_id=tenant_id)
        .annotate(
            first_day=Min("phases__starts_on"), last_day=Max("phases__ends_on"), phase_count=Count("phases")
        )
        .order_by("-created_at")
    )


# Every page of a school asks for its running campaign (three queries: the campaign, its phases, its
# themes), and every user of the school gets the same answer: it is kept this long in the cache.
CURRENT_CAMPAIGN_SECONDS = 30


def _current_key(tenant_id: int) -> str:
    return f"campaigns:current:{tenant_id}"


def campaign_current_for_tenant(tenant_id: int | None) -> Campaign | None:
    """The tenant's running campaign: the most recently created active one, with its phases (in
    order) and themes prefetched. Three queries at most once per ``CURRENT_CAMPAIGN_SECONDS`` and
    school: the answer is kept in the cache (``CACHES``) until then or until a campaigns service
    changes a campaign of the school (``campaign_current_forget``). Each call returns its own copy."""
    if tenant_id is None:
        return None
    kept = cache.get(_current_key(tenant_id))
    if kept is not None:
        campaign: Campaign | None = kept[0]
        return campaign
    campaign = (
        Campaign.objects.filter(tenant_id=tenant_id, status=CampaignStatus.ACTIVE)
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("order")), "themes")
        .order_by("-created_at")
        .first()
    )
    cache.set(_current_key(tenant_id), (campaign,), CURRENT_CAMPAIGN_SECONDS)
    return campaign


def campaign_current_forget(tenant_id: int) -> None:
    """Drop the school's kept running campaign: now, and again when the transaction commits, so a
    page that read the campaign between the change and the commit does not keep the old one."""
    key = _current_key(tenant_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def campaign_chosen(tenant_id: int | None, chosen: str = "") -> Campaign | None:
    """The campaign a page's ``?campaign=ID`` names (NotFoundError when it is not one of the
    tenant's), else the tenant's running campaign."""
    if chosen.isdigit() and tenant_id is not None:
        campaign = campaign_get(tenant_id, int(chosen))
        if campaign is None:
            raise NotFoundError()
        return campaign
    return campaign_current_for_tenant(tenant_id)


def phase_views(campaign: Campaign, on: date | None = None) -> list[PhaseView]:
    day = on or clock.today()
    views = []
    for phase in campaign.phases.all():
        total = (phase.ends_on - phase.starts_on).days + 1
        status = phase.status_on(day)
        if status == PhaseStatus.UPCOMING:
            progress = 0
        elif status == PhaseStatus.CLOSED:
            progress = 100
        else:
            progress = round(100 * ((day - phase.starts_on).days + 1) / total)
        views.append(
            PhaseView(phase=phase, status=status, days_left=phase.days_left_on(day), progress=progress)
        )
    return views


def phase_current(campaign: Campaign, on: date | None = None) -> PhaseView | None:
    for view in phase_views(campaign, on):
        if view.status == PhaseStatus.OPEN:
            return view
    return None


def campaign_term(campaign: Campaign) -> tuple[date, date | None]:
    """The campaign's term, the term of a grant on it (its judges): from the first day of its first
    phase to the last day of its last. A campaign without phases starts today and has no end."""
    phases = list(campaign.phases.all())
    if not phases:
        return clock.today(), None
    return min(p.starts_on for p in phases), max(p.ends_on for p in phases)


def campaign_judges(campaign: Campaign) -> list[tuple[Grant, str]]:
    """Every judge grant on the campaign, live or not, with its state (在任 / 未开始 / 已到期 / 已收回):
    the ones not taken back first, by staff number; one query."""
    grants = (
        grants_on(campaign)
        .filter(kind=GrantKind.JUDGE)
        .select_related("member__unit")
        .order_by(F("revoked_at").asc(nulls_first=True), "member__staff_no", "-pk")
    )
    return [(grant, grant_state(grant)) for grant in grants]


def reopenings_for_campaign(campaign: Campaign) -> QuerySet[PhaseWindowReopen]:
    return (
        PhaseWindowReopen.objects.filter(tenant_id=campaign.tenant_id, phase__campaign=campaign)
        .select_related("phase", "unit", "created_by")
        .order_by("-created_at")
    )


def campaign_get(tenant_id: int, campaign_id: int) -> Campaign | None:
    return (
        Campaign.objects.filter(tenant_id=tenant_id, pk=campaign_id)
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("order")), "themes")
        .first()
    )


@dataclass(frozen=True)
class RunningCampaign:
    campaign: Campaign
    current: PhaseView | None  # None between phases or before the first one


@dataclass
class TenantOverview:
    tenant: Tenant
    office: list[Member] = field(default_factory=list)
    campaigns: list[RunningCampaign] = field(default_factory=list)


def platform_overview(on: date | None = None) -> list[TenantOverview]:
    """The platform admin's start page: every school, the members of its campaign office, and its
    running campaigns with the phase each is in. Four queries whatever the number of schools,
    members and campaigns (schools, office roles with their members, campaigns, their phases)."""
    overviews = {t.pk: TenantOverview(tenant=t) for t in Tenant.objects.order_by("name")}
    office: dict[int, dict[int, Member]] = defaultdict(dict)
    # The platform admin's start page spans every school, on purpose.
    holders = (
        RoleAssignment.objects.all_tenants()
        .filter(role=Role.OFFICE, unit__is_active=True)
        .select_related("member")
        .order_by("member__staff_no")
    )
    for assignment in holders:
        office[assignment.tenant_id].setdefault(assignment.member_id, assignment.member)
    for tenant_id, members in office.items():
        if tenant_id in overviews:
            overviews[tenant_id].office = list(members.values())
    running = (
        Campaign.objects.all_tenants()
        .filter(status=CampaignStatus.ACTIVE)
        .prefetch_related(Prefetch("phases", queryset=Phase.objects.order_by("order")))
        .order_by("-created_at")
    )
    for campaign in running:
        if campaign.tenant_id in overviews:
            overviews[campaign.tenant_id].campaigns.append(
                RunningCampaign(campaign=campaign, current=phase_current(campaign, on))
            )
    return list(overviews.values())
