"""The project list's search box and filters (text, theme, category, status, unit)."""

import pytest
from django.urls import reverse

from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.projects.models import Milestone, Project
from chuangxian.projects.services import project_create
from chuangxian.projects.tests.conftest import data_for

pytestmark = pytest.mark.usefixtures("phase2")


@pytest.fixture
def two(tree, personas, campaign, project):
    """师德讲堂 (文学与传播学院, active) and a completed 教学沙龙 of 数学与计算机科学学院."""
    salon = project_create(
        unit=tree.sibling,
        campaign=campaign,
        data=data_for(
            campaign,
            MemberFactory(unit=tree.sibling),
            title="青年教师教学沙龙",
            goals="交流课堂教学",
            status="completed",
        ),
        actor=personas.office,
    )
    return project, salon


def _titles(client, **params) -> list[str]:
    response = client.get(reverse("projects:list"), params)
    assert response.status_code == 200
    return [p.title for p in response.context["projects"]]


def test_search_status_and_unit(client, tree, personas, two):
    client.force_login(personas.member)
    assert _titles(client, q="师德") == ["师德讲堂"]
    assert _titles(client, q="课堂 交流") == ["青年教师教学沙龙"]  # every word, in any field
    assert _titles(client, q="数学与计算机") == ["青年教师教学沙龙"]  # the unit's name
    assert _titles(client, status="completed") == ["青年教师教学沙龙"]
    assert _titles(client, unit=tree.college.pk) == ["师德讲堂"]
    assert sorted(_titles(client, unit=tree.root.pk)) == ["师德讲堂", "青年教师教学沙龙"]  # the subtree
    assert _titles(client, unit=tree.other_unit.pk, q="师德") == ["师德讲堂"]  # a foreign unit is dropped


def test_the_form_keeps_the_values_and_pages_keep_the_filters(client, tree, personas, campaign, project):
    theme = campaign.themes.all()[0]
    Project.objects.bulk_create(
        Project(
            tenant=tree.tenant,
            campaign=campaign,
            unit=tree.college,
            theme=theme,
            title=f"读书会{i}",
            goals="读书",
        )
        for i in range(35)
    )
    client.force_login(personas.member)
    html = client.get(reverse("projects:list"), {"q": "读书", "theme": theme.pk}).content.decode()
    assert 'value="读书"' in html
    assert f'<option value="{theme.pk}" selected>' in html
    assert f"?q=%E8%AF%BB%E4%B9%A6&amp;theme={theme.pk}&amp;page=2" in html


@pytest.mark.parametrize("n", [10, 200])
def test_filtered_list_query_count_is_flat(
    client, tree, personas, campaign, django_assert_max_num_queries, n
):
    theme = campaign.themes.all()[0]
    projects = Project.objects.bulk_create(
        Project(
            tenant=tree.tenant,
            campaign=campaign,
            unit=tree.college,
            theme=theme,
            title=f"项目{i}",
            goals="目标",
        )
        for i in range(n)
    )
    Milestone.objects.bulk_create(
        Milestone(tenant=tree.tenant, project=p, title="节点", due_on="2011-05-01") for p in projects
    )
    params = {
        "q": "项目",
        "theme": theme.pk,
        "category": "college",
        "status": "active",
        "unit": tree.college.pk,
    }
    client.force_login(personas.chair)
    with django_assert_max_num_queries(12):  # 11, and the page's nominated projects (selections)
        response = client.get(reverse("projects:list"), params)
    assert response.context["page"].paginator.count == n
