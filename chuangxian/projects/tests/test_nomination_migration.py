"""projects migrations 0007–0008: the nomination that was a field on the project (``nominated_at``)
becomes an entry of the campaign's excellent-project selection in the selections engine, and the
field and the quota setting go."""

from datetime import UTC, date, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from chuangxian.review.models import Revision
from chuangxian.selections.models import Entry, Selection, SelectionType

BEFORE = ("projects", "0006_attachment_model")
AT = datetime(2011, 3, 1, 2, 0, tzinfo=UTC)


def _migrate(target=None):
    """Every app at its latest migration, projects at ``target`` (its latest too when None)."""
    executor = MigrationExecutor(connection)
    nodes = [node for node in executor.loader.graph.leaf_nodes() if target is None or node[0] != target[0]]
    if target is not None:
        nodes.append(target)
    executor.migrate(nodes)
    executor.loader.build_graph()
    return executor.loader.project_state(nodes).apps


def _school(apps, slug):
    tenant = apps.get_model("core", "Tenant").objects.create(
        name=f"学校{slug}", slug=slug, initial_password_mode="random"
    )
    Unit = apps.get_model("orgs", "Unit")
    root = Unit.objects.create(tenant=tenant, path="0001", depth=1, name="校工会")
    college = Unit.objects.create(tenant=tenant, path="00010001", depth=2, name="文学院分工会")
    group = Unit.objects.create(tenant=tenant, path="000100010001", depth=3, name="中文系工会小组")
    return tenant, root, college, group


def _campaign(apps, tenant, title, short_title=""):
    campaign = apps.get_model("campaigns", "Campaign").objects.create(
        tenant=tenant, title=title, short_title=short_title
    )
    theme = apps.get_model("campaigns", "Theme").objects.create(tenant=tenant, campaign=campaign, name="主题")
    return campaign, theme


def _project(apps, campaign, theme, unit, title, *, nominated_at=None, goals="项目目标"):
    return apps.get_model("projects", "Project").objects.create(
        tenant_id=campaign.tenant_id,
        campaign=campaign,
        unit=unit,
        theme=theme,
        title=title,
        goals=goals,
        nominated_at=nominated_at,
    )


@pytest.mark.django_db(transaction=True)
def test_nominated_projects_become_entries_of_the_campaigns_project_selection():
    apps = _migrate(BEFORE)
    tenant, root, college, group = _school(apps, "a")
    # A campaign without a project selection: one is created, with the seed's type.
    plain, plain_theme = _campaign(apps, tenant, "创先争优活动", short_title="创先争优")
    nominated = _project(apps, plain, plain_theme, group, "读书会", nominated_at=AT, goals="  ")
    _project(apps, plain, plain_theme, college, "未推荐的项目")
    _project(apps, plain, plain_theme, root, "校工会自己的项目", nominated_at=AT)  # no unit above it
    # A campaign with a project selection at its nomination stage, and a project already in it.
    running, running_theme = _campaign(apps, tenant, "师德建设年")
    project_type = apps.get_model("selections", "SelectionType").objects.create(
        tenant=tenant, name="优秀项目", entry_kind="project", quota_max=2, stages=["nomination", "final"]
    )
    Historical = apps.get_model("selections", "Selection")
    Historical.objects.create(  # an older one, finished
        tenant=tenant,
        campaign=running,
        type=project_type,
        title="上一次",
        nomination_ends_on=date(2011, 1, 1),
        status="finished",
        stage="final",
        stages=["nomination", "final"],
    )
    selection = Historical.objects.create(
        tenant=tenant,
        campaign=running,
        type=project_type,
        title="优秀项目评选",
        nomination_ends_on=date(2011, 6, 1),
        status="open",
        stage="nomination",
        stages=["nomination", "final"],
    )
    lecture = _project(apps, running, running_theme, college, "师德讲堂", nominated_at=AT)
    already = _project(apps, running, running_theme, college, "已在评选中", nominated_at=AT)
    apps.get_model("selections", "Entry").objects.create(
        tenant=tenant,
        selection=selection,
        kind="project",
        project=already,
        nominating_unit=college,
        candidate_name="已在评选中",
        summary="已推荐",
    )

    _migrate()

    created = Selection.objects.get(campaign_id=plain.pk)
    assert (created.title, created.status, created.stage, created.type.name) == (
        "创先争优优秀项目评选",
        "open",
        "nomination",
        "创先争优优秀项目",
    )
    assert created.stages == ["nomination", "office_review", "scoring", "committee", "notice", "final"]
    assert created.nomination_ends_on > date.today()
    seeded = SelectionType.objects.get(tenant_id=tenant.pk, name="创先争优优秀项目")
    assert (seeded.entry_kind, seeded.quota_min, seeded.quota_max, seeded.rule_not_honoured) == (
        "project",
        1,
        2,
        True,
    )
    entry = Entry.objects.get(selection=created)
    assert (entry.project_id, entry.kind, entry.status, entry.nominating_unit_id) == (
        nominated.pk,
        "project",
        "nominated",
        college.pk,
    )
    assert entry.candidate_name == "读书会" and entry.nominated_at == AT
    assert entry.summary == "文学院分工会推荐“读书会”参加优秀项目评选。"
    revision = Revision.objects.get(subject_type="selections.entry", subject_id=entry.pk)
    assert (revision.number, revision.submitted_at, revision.fields[0]) == (1, AT, ["推荐对象", "读书会"])
    rows = Entry.objects.filter(selection_id=selection.pk).order_by("id")
    assert [(e.project_id, e.summary) for e in rows] == [(already.pk, "已推荐"), (lecture.pk, "项目目标")]
    assert Entry.objects.count() == 3  # the school union's own project is left out
    columns = [
        c.name
        for c in connection.introspection.get_table_description(connection.cursor(), "projects_project")
    ]
    assert "nominated_at" not in columns
    assert "projects_projectsettings" not in connection.introspection.table_names()
