"""Reads of pledges shared by pages and the home to-do list. Query counts do not grow with rows."""

from typing import Any

from django.db.models import Count, QuerySet

from chuangxian.campaigns.models import Campaign
from chuangxian.orgs.models import Member, Unit
from chuangxian.pledges.models import PUBLIC_STATUSES, Pledge, PledgeProgress, PledgeReport, PledgeStatus


def pledge_for_member(*, member: Member, campaign: Campaign) -> Pledge | None:
    return (
        Pledge.objects.select_related("unit")
        .filter(tenant_id=member.tenant_id, campaign=campaign, member=member)
        .first()
    )


def pledge_detail(pledge: Pledge) -> dict[str, Any]:
    """Progress entries (oldest first) and the report, if any."""
    progress = list(
        PledgeProgress.objects.filter(tenant_id=pledge.tenant_id, pledge=pledge).order_by("on", "pk")
    )
    report = (
        PledgeReport.objects.filter(tenant_id=pledge.tenant_id, pledge=pledge).first()
        if pledge.status in (PledgeStatus.REPORTED, PledgeStatus.RATED)
        else None
    )
    return {"progress": progress, "report": report}


def _subtree(qs: QuerySet[Pledge], unit: Unit) -> QuerySet[Pledge]:
    return qs.filter(tenant_id=unit.tenant_id, unit__path__startswith=unit.path)


def pledge_wall(*, unit: Unit, campaign: Campaign) -> QuerySet[Pledge]:
    """Published pledges of the unit and its subtree, by unit then name, with their progress count."""
    return (
        _subtree(Pledge.objects.all(), unit)
        .filter(campaign=campaign, status__in=PUBLIC_STATUSES)
        .select_related("member", "unit")
        .annotate(progress_count=Count("progress"))
        .order_by("unit__path", "member__name", "pk")
    )


def pledge_review_queue(*, unit: Unit, campaign: Campaign) -> QuerySet[Pledge]:
    """Pledges of the unit's subtree awaiting review, strict ones first, oldest submission first."""
    return (
        _subtree(Pledge.objects.all(), unit)
        .filter(campaign=campaign, status=PledgeStatus.IN_REVIEW)
        .select_related("member", "unit")
        .order_by("-flagged_strict", "submitted_at", "pk")
    )


def pledge_status_counts(*, unit: Unit, campaign: Campaign) -> dict[str, int]:
    rows = (
        _subtree(Pledge.objects.all(), unit)
        .filter(campaign=campaign)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}
