"""What the projects' pages and export show of the selections engine: the selections of a project's
campaign whose entries are projects (优秀项目评选), the project's entry in each, and whether its unit
may nominate it now. The projects app reads these through a late import (selections sits above
projects); each read is a fixed number of queries, whatever the number of projects or entries.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Unit
from chuangxian.projects.models import Project, ProjectStatus
from chuangxian.selections.models import (
    ACTIVE_STATUSES,
    Entry,
    EntryKind,
    EntryStatus,
    Selection,
    SelectionStatus,
    Stage,
)
from chuangxian.selections.permissions import can_nominate, can_view_entry, nominating_path


@dataclass(frozen=True)
class ProjectInSelection:
    """One project selection of the project's campaign, as the project page shows it."""

    selection: Selection
    entry: Entry | None  # the project's latest entry in it
    can_view_entry: bool  # the entry's page opens for the reader
    nominating_unit: Unit | None  # set when the reader may nominate the project there now

    @property
    def in_running(self) -> bool:
        return self.entry is not None and self.entry.status in ACTIVE_STATUSES

    @property
    def shows_entry(self) -> bool:
        """Everyone sees that the project is nominated (已推荐); an entry no longer in the running
        (withdrawn, removed) only those who may open it."""
        return self.in_running or self.can_view_entry


def _latest_entries(entries: Iterable[Entry]) -> dict[tuple[int, int], Entry]:
    """The latest entry of each (project, selection): the one in the running, else the last one."""
    latest: dict[tuple[int, int], Entry] = {}
    for entry in entries:
        assert entry.project_id is not None
        key = (entry.project_id, entry.selection_id)
        held = latest.get(key)
        held_active = held is not None and held.status in ACTIVE_STATUSES
        if held is None or (not held_active and entry.status in ACTIVE_STATUSES):
            latest[key] = entry
    return latest


def project_selections(project: Project, actor: Actor) -> list[ProjectInSelection]:
    """The project selections of the project's campaign that hold an entry of the project or take
    nominations now, oldest first, each with the project's entry and, when ``actor`` may nominate for
    the project's nominating unit now, that unit; only those with something to show ``actor``.
    Three queries (and the actor's scope)."""
    entries = list(
        Entry.objects.filter(tenant_id=project.tenant_id, kind=EntryKind.PROJECT, project=project)
        .select_related("selection", "nominating_unit")
        .order_by("-nominated_at", "-id")
    )
    latest = _latest_entries(entries)
    selections = {entry.selection_id: entry.selection for entry in entries}
    nominating = Selection.objects.filter(
        tenant_id=project.tenant_id,
        campaign_id=project.campaign_id,
        type__entry_kind=EntryKind.PROJECT,
        status=SelectionStatus.OPEN,
        stage=Stage.NOMINATION,
    )
    for selection in nominating:
        selections.setdefault(selection.pk, selection)
    unit = _nominating_unit(project, actor, [s for s in selections.values() if _takes_nominations(s)])
    rows = []
    for selection in sorted(selections.values(), key=lambda s: (s.created_at, s.pk)):
        entry = latest.get((project.pk, selection.pk))
        running = entry is not None and entry.status in ACTIVE_STATUSES
        row = ProjectInSelection(
            selection=selection,
            entry=entry,
            can_view_entry=entry is not None and can_view_entry(actor, entry),
            nominating_unit=unit if _takes_nominations(selection) and not running else None,
        )
        if row.shows_entry or row.nominating_unit is not None:
            rows.append(row)
    return rows


def _takes_nominations(selection: Selection) -> bool:
    """At its unit-nomination stage and not past its deadline (as the selection page's links)."""
    return (
        selection.status == SelectionStatus.OPEN
        and selection.stage == Stage.NOMINATION
        and clock.today() <= selection.nomination_ends_on
    )


def _nominating_unit(project: Project, actor: Actor, open_selections: list[Selection]) -> Unit | None:
    """The unit that nominates the project (just below the school union), if ``actor`` may nominate
    for it and some selection takes nominations; a draft project cannot be nominated."""
    if not open_selections or project.status == ProjectStatus.DRAFT:
        return None
    path = nominating_path(project.unit.path)
    if path is None:
        return None
    unit = Unit.objects.filter(tenant_id=project.tenant_id, path=path, is_active=True).first()
    return unit if unit is not None and can_nominate(actor, unit) else None


def nominated_project_ids(tenant_id: int, project_ids: Iterable[int]) -> set[int]:
    """Of ``project_ids``, those in the running of some selection (已推荐). One query."""
    return set(
        Entry.objects.filter(
            tenant_id=tenant_id,
            kind=EntryKind.PROJECT,
            project_id__in=list(project_ids),
            status__in=ACTIVE_STATUSES,
        ).values_list("project_id", flat=True)
    )


def project_entry_labels(tenant_id: int, campaign_id: int) -> dict[int, str]:
    """For the export: each project of the campaign with an entry, its latest entry's state in each
    project selection («评选标题：状态», joined by ；). One query, whatever the number of projects."""
    entries = (
        Entry.objects.filter(tenant_id=tenant_id, kind=EntryKind.PROJECT, selection__campaign_id=campaign_id)
        .select_related("selection")
        .only("id", "project_id", "status", "nominated_at", "selection__id", "selection__title")
        .order_by("selection__created_at", "selection_id", "-nominated_at", "-id")
    )
    labels: dict[int, list[str]] = {}
    for (project_id, _selection_id), entry in _latest_entries(entries).items():
        status = EntryStatus(entry.status).label
        labels.setdefault(project_id, []).append(
            _("%(selection)s：%(status)s") % {"selection": entry.selection.title, "status": status}
        )
    return {project_id: "；".join(parts) for project_id, parts in labels.items()}
