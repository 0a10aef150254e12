"""Reads of projects. Progress is computed, never stored: done weight / total weight of milestones."""

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from chuangxian.campaigns.models import Campaign
from chuangxian.core.filters import NO_FILTER, ListFilter, subtree_q, text_q
from chuangxian.orgs.models import Member, Unit
from chuangxian.projects.models import (
    Milestone,
    PersonRole,
    Project,
    ProjectPerson,
    ProjectUpdate,
    UpdateFile,
)


def progress_percent(done: int | None, total: int | None) -> int:
    """Whole percent of the milestones' weight that is done; 0 without milestones."""
    if not total:
        return 0
    return round(100 * (done or 0) / total)


def _with_weights(qs: QuerySet[Project]) -> QuerySet[Project]:
    return qs.annotate(
        weight_total=Coalesce(Sum("milestones__weight"), 0),
        weight_done=Coalesce(Sum("milestones__weight", filter=Q(milestones__done_on__isnull=False)), 0),
    )


def project_progress(project: Project) -> int:
    """Progress of one project, in one aggregate query."""
    totals = Milestone.objects.filter(tenant_id=project.tenant_id, project=project).aggregate(
        total=Coalesce(Sum("weight"), 0),
        done=Coalesce(Sum("weight", filter=Q(done_on__isnull=False)), 0),
    )
    return progress_percent(totals["done"], totals["total"])


def project_list_for_tenant(
    tenant_id: int,
    *,
    campaign: Campaign | None = None,
    theme_id: int | None = None,
    category: str | None = None,
    unit_id: int | None = None,
    filters: ListFilter = NO_FILTER,
) -> QuerySet[Project]:
    """Projects with ``weight_total`` and ``weight_done`` annotated (one query; see ``with_progress``).

    ``filters`` is the list page's: text in the title, goals, measures or unit's name; ``theme``,
    ``category`` and ``status``; ``unit`` (that unit and its subtree, its path read in a subquery).
    """
    qs = Project.objects.filter(tenant_id=tenant_id)
    theme_id = theme_id or filters.number("theme")
    category = category or filters.get("category") or None
    if filters.get("status"):
        qs = qs.filter(status=filters.get("status"))
    qs = qs.filter(subtree_q("unit__path", Unit.objects.filter(tenant_id=tenant_id), filters.number("unit")))
    qs = qs.filter(text_q(filters.q, ("title", "goals", "measures", "unit__name")))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    if theme_id:
        qs = qs.filter(theme_id=theme_id)
    if category:
        qs = qs.filter(unit__category=category)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return _with_weights(qs.select_related("unit", "theme")).order_by("unit__path", "-created_at", "-id")


def with_progress(projects: Any) -> list[Project]:
    """Set ``progress`` on each annotated project of a page."""
    rows = list(projects)
    for project in rows:
        project.progress = progress_percent(project.weight_done, project.weight_total)
    return rows


@dataclass(frozen=True)
class ProjectDetail:
    project: Project
    progress: int
    milestones: list[Milestone]
    updates: list[ProjectUpdate]
    responsible: list[Member]
    participants: list[Member]


def project_detail(project: Project) -> ProjectDetail:
    """Everything the project page shows, in a fixed number of queries whatever the timeline's length."""
    milestones = list(Milestone.objects.filter(tenant_id=project.tenant_id, project=project))
    total = sum(m.weight for m in milestones)
    done = sum(m.weight for m in milestones if m.done_on is not None)
    updates = list(
        ProjectUpdate.objects.filter(tenant_id=project.tenant_id, project=project).prefetch_related(
            Prefetch("files", queryset=UpdateFile.objects.order_by("id"))
        )
    )
    people = list(
        ProjectPerson.objects.filter(tenant_id=project.tenant_id, project=project)
        .select_related("member")
        .order_by("member__name")
    )
    return ProjectDetail(
        project=project,
        progress=progress_percent(done, total),
        milestones=milestones,
        updates=updates,
        responsible=[p.member for p in people if p.role == PersonRole.RESPONSIBLE],
        participants=[p.member for p in people if p.role == PersonRole.PARTICIPANT],
    )


def project_people_ids(project: Project) -> dict[str, list[int]]:
    ids: dict[str, list[int]] = {PersonRole.RESPONSIBLE: [], PersonRole.PARTICIPANT: []}
    for role, member_id in ProjectPerson.objects.filter(
        tenant_id=project.tenant_id, project=project
    ).values_list("role", "member_id"):
        ids[role].append(member_id)
    return ids


def unit_ids_with_projects(campaign: Campaign, unit_ids: list[int]) -> set[int]:
    return set(
        Project.objects.filter(
            tenant_id=campaign.tenant_id, campaign=campaign, unit_id__in=unit_ids
        ).values_list("unit_id", flat=True)
    )
