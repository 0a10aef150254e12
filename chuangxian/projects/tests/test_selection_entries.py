"""A project is nominated for the excellent-project selection (优秀项目评选) in the selections engine:
the project page links its unit's officers to the engine's nomination page with the project chosen,
shows the project's entry once nominated, and the list and the export show it too, in a fixed number
of queries."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.exports.tests.helpers import export_file, export_in_queries, rows
from chuangxian.projects.models import Project
from chuangxian.selections.models import Entry, EntryStatus, Selection
from chuangxian.selections.services import entry_withdraw
from chuangxian.selections.tests.factories import make_selection, make_type, nominate


@pytest.fixture
def project_type(tree):
    return make_type(tree.tenant, name="创先争优优秀项目", entry_kind="project", quota_max=10)


@pytest.fixture
def selection(campaign, project_type):
    return make_selection(campaign, project_type, title="2011年度优秀项目评选")


def _link(selection, unit, project):
    return f"{reverse('selections:nominate', args=[selection.pk, unit.pk])}?candidate={project.pk}"


def _page(client, user, project):
    client.force_login(user)
    return client.get(reverse("projects:detail", args=[project.pk])).content.decode()


def test_the_units_officers_are_linked_to_the_engines_nomination_with_the_project_chosen(
    client, tree, personas, project, selection
):
    link = _link(selection, tree.college, project)
    for officer in (personas.chair, personas.liaison, personas.office):
        page = _page(client, officer, project)
        assert link in page
        assert "推荐参评「2011年度优秀项目评选」" in page
    for other in (personas.member, personas.sibling_chair, personas.leader):
        assert "推荐参评" not in _page(client, other, project)
    client.force_login(personas.chair)
    form = client.get(link).content.decode()
    assert f'<option value="{project.pk}" selected>' in form


def test_a_project_of_a_group_is_nominated_by_its_college(client, tree, personas, campaign, selection):
    project = Project.objects.create(
        tenant=tree.tenant,
        campaign=campaign,
        unit=tree.group,
        theme=campaign.themes.all()[0],
        title="读书会",
        goals="每月共读一本书",
    )
    assert _link(selection, tree.college, project) in _page(client, personas.chair, project)


def test_no_link_without_a_project_selection_at_its_nomination_stage(
    client, tree, personas, campaign, project, project_type
):
    make_selection(campaign, project_type, title="筹备中的评选", open_it=False)
    make_selection(campaign, make_type(tree.tenant), title="个人评选")  # a members' selection
    late = make_selection(campaign, project_type, title="已截止的评选")
    Selection.objects.filter(pk=late.pk).update(nomination_ends_on=clock.today() - timedelta(days=1))
    assert "推荐参评" not in _page(client, personas.chair, project)


def test_a_nominated_project_shows_its_entry_and_the_list_its_badge(
    client, tree, personas, project, selection
):
    entry = nominate(selection, tree.college, project, actor=personas.chair)
    page = _page(client, personas.chair, project)
    assert "已推荐参评「2011年度优秀项目评选」" in page
    assert reverse("selections:entry", args=[entry.pk]) in page
    assert _link(selection, tree.college, project) not in page  # nominated once
    member_page = _page(client, personas.member, project)
    assert "已推荐参评「2011年度优秀项目评选」" in member_page
    assert reverse("selections:entry", args=[entry.pk]) not in member_page  # not theirs to open
    assert 'data-testid="nominated"' in client.get(reverse("projects:list")).content.decode()

    entry_withdraw(entry=entry, actor=personas.chair)
    page = _page(client, personas.chair, project)
    assert "已撤回" in page and _link(selection, tree.college, project) in page
    assert "已推荐参评" not in _page(client, personas.member, project)
    assert 'data-testid="nominated"' not in client.get(reverse("projects:list")).content.decode()


def _projects_with_entries(tree, campaign, selection, n):
    projects = Project.objects.bulk_create(
        Project(
            tenant=tree.tenant,
            campaign=campaign,
            unit=tree.college,
            theme=campaign.themes.all()[0],
            title=f"项目{i}",
            goals="目标",
        )
        for i in range(n)
    )
    Entry.objects.bulk_create(
        Entry(
            tenant=tree.tenant,
            selection=selection,
            kind="project",
            project=p,
            nominating_unit=tree.college,
            candidate_name=p.title,
            summary="目标",
            status=EntryStatus.WITHDRAWN if i % 3 == 0 else EntryStatus.NOMINATED,
        )
        for i, p in enumerate(projects)
    )
    return projects


@pytest.mark.parametrize("n", [5, 60])
def test_the_list_reads_the_badges_in_one_query(
    client, tree, personas, campaign, selection, django_assert_max_num_queries, n
):
    _projects_with_entries(tree, campaign, selection, n)
    client.force_login(personas.member)
    client.get(reverse("projects:list"))  # counted on the second opening, the cache emptied, as
    cache.clear()  # tests/test_page_queries.py does
    # The session, the user, the running campaign (its phases), its themes, the units, the
    # member's roles, the count, the page, its entries (the badges), the menu's two.
    with django_assert_max_num_queries(13):
        page = client.get(reverse("projects:list")).content.decode()
    assert page.count('data-testid="nominated"') == min(n, 30) - len(range(0, min(n, 30), 3))


@pytest.mark.parametrize("n", [1, 6])
def test_the_page_reads_the_projects_selections_in_a_fixed_number_of_queries(
    client, tree, personas, campaign, project, project_type, django_assert_max_num_queries, n
):
    for i in range(n):
        other = make_selection(campaign, project_type, title=f"评选{i}")
        if i % 2:
            nominate(other, tree.college, project)
    client.force_login(personas.chair)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert page.count("?candidate=") == n - n // 2


def test_the_export_names_the_entrys_state_in_each_selection(tree, personas, campaign, project, selection):
    second = make_selection(campaign, selection.type, title="第二次评选")
    entry = nominate(selection, tree.college, project)
    nominate(second, tree.college, project)
    entry_withdraw(entry=entry, actor=SYSTEM)
    result = export_file(personas.member, "projects.list", {"campaign": campaign.pk})
    assert [row[8] for row in rows(result.content)] == ["2011年度优秀项目评选：已撤回；第二次评选：已推荐"]


@pytest.mark.parametrize("n", [3, 60])
def test_export_with_entries_in_a_fixed_number_of_queries(
    tree, personas, campaign, selection, django_assert_max_num_queries, n
):
    _projects_with_entries(tree, campaign, selection, n)
    params = {"campaign": campaign.pk}
    result = export_in_queries(django_assert_max_num_queries, 7, personas.member, "projects.list", params)
    assert result.rows == n
