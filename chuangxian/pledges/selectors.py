"""Reads of pledges shared by pages and the home to-do list. Query counts do not grow with rows."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery

from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.core.filters import NO_FILTER, ListFilter, subtree_q, text_q
from chuangxian.orgs.models import Member, Unit
from chuangxian.pledges.models import (
    PUBLIC_STATUSES,
    Pledge,
    PledgeProgress,
    PledgeRating,
    PledgeReport,
    PledgeStatus,
    RaterKind,
)
from chuangxian.pledges.rating import RaterReach


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


def pledge_wall(*, unit: Unit, campaign: Campaign, filters: ListFilter = NO_FILTER) -> QuerySet[Pledge]:
    """Published pledges of the unit and its subtree, by unit then name, with their progress count.

    ``filters`` (the wall page's): the member's name or its pinyin initials ("zw" finds 张伟), or
    text of the pledge; ``status`` (one of the public ones), ``type``, ``unit`` (a unit of the subtree
    and its own subtree, its path read in a subquery). Still one query.
    """
    wall = _subtree(Pledge.objects.all(), unit).filter(campaign=campaign, status__in=PUBLIC_STATUSES)
    wall = wall.filter(
        text_q(
            filters.q,
            ("member__name", "member__staff_no", "content", "check_standard"),
            initials=("member__name_initials",),
        )
    )
    if filters.get("status"):
        wall = wall.filter(status=filters.get("status"))
    if filters.get("type"):
        wall = wall.filter(type=filters.get("type"))
    subtree = Unit.objects.filter(tenant_id=unit.tenant_id, path__startswith=unit.path)
    wall = wall.filter(subtree_q("unit__path", subtree, filters.number("unit")))
    return (
        wall.select_related("member", "unit")
        .annotate(progress_count=Count("progress"))
        .order_by("unit__path", "member__name", "pk")
    )


def wall_unit_choices(unit: Unit) -> list[tuple[int, str]]:
    """The unit and the active units below it, indented, for the wall's unit filter; one query."""
    units = Unit.objects.filter(tenant_id=unit.tenant_id, path__startswith=unit.path, is_active=True)
    return [
        (u.pk, f"{'　' * (u.depth - unit.depth)}{u.name}")
        for u in units.order_by("path").only("id", "name", "depth", "path")
    ]


def pledge_review_queue(
    *, unit: Unit, campaign: Campaign, reviewer: Member | None = None
) -> QuerySet[Pledge]:
    """Pledges of the unit's subtree awaiting review, strict ones first, oldest submission first.
    Without ``reviewer``'s own pledge, which someone above them reviews (pledge_review's rule)."""
    queue = _subtree(Pledge.objects.all(), unit).filter(campaign=campaign, status=PledgeStatus.IN_REVIEW)
    if reviewer is not None:
        queue = queue.exclude(member=reviewer)
    return queue.select_related("member", "unit").order_by("-flagged_strict", "submitted_at", "pk")


def pledge_status_counts(*, unit: Unit, campaign: Campaign) -> dict[str, int]:
    rows = (
        _subtree(Pledge.objects.all(), unit)
        .filter(campaign=campaign)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["n"] for row in rows}


def _to_rate(user: Actor, campaign: Campaign) -> tuple[QuerySet[Pledge], QuerySet[PledgeRating]]:
    """Reported pledges of the campaign that ``user`` may rate (RaterReach, the rule of pledge_rate),
    and the user's rating of the outer pledge, for subqueries."""
    pledges = Pledge.objects.filter(
        RaterReach(user).q(campaign.tenant_id), campaign=campaign, status=PledgeStatus.REPORTED
    )
    mine = PledgeRating.objects.filter(tenant_id=campaign.tenant_id, pledge=OuterRef("pk"), rater_id=user.pk)
    return pledges, mine


def pledges_to_rate(*, user: Actor, campaign: Campaign, rated: bool | None = None) -> QuerySet[Pledge]:
    """待我评议: the reported pledges ``user`` may rate, by unit then name, each with ``my_grade`` (the
    user's grade, or None); ``rated`` keeps only the ones they have (True) or have not (False) rated.
    One query, whatever the number of rows."""
    pledges, mine = _to_rate(user, campaign)
    if rated is not None:
        pledges = pledges.filter(Exists(mine) if rated else ~Exists(mine))
    return (
        pledges.annotate(my_grade=Subquery(mine.values("grade")[:1]))
        .select_related("member", "unit")
        .order_by("unit__path", "member__name", "pk")
    )


def pledges_to_rate_counts(*, user: Actor, campaign: Campaign) -> dict[str, int]:
    """``{"unrated": n, "rated": m}`` in one query."""
    pledges, mine = _to_rate(user, campaign)
    totals = pledges.aggregate(total=Count("pk"), rated=Count("pk", filter=Exists(mine)))
    return {"unrated": totals["total"] - totals["rated"], "rated": totals["rated"]}


@dataclass(frozen=True)
class RateRow:
    pledge: Pledge
    kind: str  # RaterKind label: as what the user rates it
    my_grade: str | None


def rate_rows(user: Actor, pledges: Any) -> list[RateRow]:
    """Rows of a page of ``pledges_to_rate``, with the kind each is rated in. No query."""
    reach = RaterReach(user)
    rows = []
    for pledge in pledges:
        kind = reach.kind_for(pledge)
        label = str(RaterKind(kind).label) if kind else ""
        rows.append(RateRow(pledge=pledge, kind=label, my_grade=pledge.my_grade))
    return rows
