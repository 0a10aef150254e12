"""The nomination of a project for the excellent-project selection (优秀项目评选) moves from a field on
the project (``Project.nominated_at``) into the selections engine: every nominated project becomes an
entry of the campaign's excellent-project selection, nominated by the unit just below the school
union that holds the project's unit (``selections.permissions.nominating_path``), at the time it was
nominated. A campaign without such a selection gets one, open at its unit-nomination stage, of the
type 创先争优优秀项目 (the seed's, ``selections.services.configure.DEFAULT_TYPES``, created when the
school does not have it).

What the old nomination did not ask for is not invented: the entries have no unit meeting's minutes
(the engine asks for them at a new nomination) and are kept whatever the type's quota (the old quota
allowed up to 10 per unit). A project of the school union itself has no nominating unit and is left
out, as the engine would refuse it. Running it again adds nothing (a project already in the running
of the selection is skipped). The reverse keeps the entries: the next migration removes
``nominated_at`` and the reverse of that restores the column empty, so withdrawing the entries would
lose nothing it could bring back; the engine's pages manage them.
"""

from datetime import timedelta

from django.db import migrations
from django.utils import timezone

STEPLEN = 4  # orgs.Unit's materialised path: four characters a level (treebeard's default)
NOMINATING_DEPTH = 2  # the school union is depth 1; the units just below it nominate
ACTIVE_STATUSES = ("nominated", "returned", "passed", "awarded")

# The seed's type, as selections.services.configure.DEFAULT_TYPES defines it (copied: a migration
# must not import code that changes later).
PROJECT_TYPE = {
    "name": "创先争优优秀项目",
    "entry_kind": "project",
    "description": "各分工会推荐 1–2 个项目参加学校工会优秀项目评选（实施方案六（二））。",
    "stages": ["nomination", "office_review", "scoring", "committee", "notice", "final"],
    "rule_not_honoured": True,
    "quota_mode": "fixed",
    "quota_min": 1,
    "quota_max": 2,
}
NOMINATION_DAYS = 30  # a created selection's nomination deadline, from the day of the migration


def _project_type(apps, tenant_id):
    SelectionType = apps.get_model("selections", "SelectionType")
    found = SelectionType.objects.filter(
        tenant_id=tenant_id, name=PROJECT_TYPE["name"], entry_kind="project"
    ).first()
    if found is not None:
        return found
    name = PROJECT_TYPE["name"]
    if SelectionType.objects.filter(tenant_id=tenant_id, name=name).exists():  # the name, of another kind
        name = f"{name}（项目）"
    return SelectionType.objects.create(tenant_id=tenant_id, **{**PROJECT_TYPE, "name": name})


def _selection_for(apps, campaign):
    """The campaign's excellent-project selection: one at its nomination stage first, then one still
    running, then the latest; or a new one, open at its nomination stage."""
    Selection = apps.get_model("selections", "Selection")
    existing = list(
        Selection.objects.filter(
            tenant_id=campaign.tenant_id, campaign=campaign, type__entry_kind="project"
        ).order_by("-created_at", "-id")
    )
    for wanted in (
        lambda s: s.status == "open" and s.stage == "nomination",
        lambda s: s.status == "open",
        lambda s: True,
    ):
        found = next((s for s in existing if wanted(s)), None)
        if found is not None:
            return found
    selection_type = _project_type(apps, campaign.tenant_id)
    title = f"{campaign.short_title or campaign.title}优秀项目评选"[:190]
    if Selection.objects.filter(tenant_id=campaign.tenant_id, campaign=campaign, title=title).exists():
        title = f"{title}（项目）"
    now = timezone.now()
    return Selection.objects.create(
        tenant_id=campaign.tenant_id,
        campaign=campaign,
        type=selection_type,
        title=title,
        description="由项目页原有的“推荐参评”迁入。",
        nomination_ends_on=timezone.localdate(now) + timedelta(days=NOMINATION_DAYS),
        status="open",
        stage=selection_type.stages[0],
        stages=list(selection_type.stages),
        opened_at=now,
    )


def nominations_to_entries(apps, schema_editor):
    Project = apps.get_model("projects", "Project")
    Unit = apps.get_model("orgs", "Unit")
    Entry = apps.get_model("selections", "Entry")
    Revision = apps.get_model("review", "Revision")
    size = STEPLEN * NOMINATING_DEPTH
    selections = {}
    nominated = (
        Project.objects.filter(nominated_at__isnull=False)
        .select_related("campaign", "unit")
        .order_by("tenant_id", "campaign_id", "nominated_at", "id")
    )
    for project in nominated.iterator():
        if len(project.unit.path) < size:
            continue  # the school union's own project: no unit above it nominates
        nominating = Unit.objects.filter(tenant_id=project.tenant_id, path=project.unit.path[:size]).first()
        if nominating is None:
            continue
        if project.campaign_id not in selections:
            selections[project.campaign_id] = _selection_for(apps, project.campaign)
        selection = selections[project.campaign_id]
        if Entry.objects.filter(
            tenant_id=project.tenant_id, selection=selection, project=project, status__in=ACTIVE_STATUSES
        ).exists():
            continue
        entry = Entry.objects.create(
            tenant_id=project.tenant_id,
            selection=selection,
            kind="project",
            project=project,
            nominating_unit=nominating,
            candidate_name=project.title[:200],
            summary=project.goals.strip() or f"{nominating.name}推荐“{project.title}”参加优秀项目评选。",
            status="nominated",
            nominated_at=project.nominated_at,
        )
        # The submission as the office's first review reads it (``selections.services.entries``
        # freezes each nomination as version 1 of the entry).
        Revision.objects.create(
            tenant_id=entry.tenant_id,
            subject_type="selections.entry",
            subject_id=entry.pk,
            number=1,
            fields=[["推荐对象", entry.candidate_name], ["主要事迹 / 推荐理由", entry.summary]],
            submitted_at=entry.nominated_at,
        )


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0006_attachment_model"),
        ("review", "0001_initial"),
        ("selections", "0003_committee_poll_rounds"),
    ]

    operations = [
        # The reverse keeps the entries (see the module's docstring).
        migrations.RunPython(nominations_to_entries, migrations.RunPython.noop),
    ]
