from datetime import date

import pytest
from django.urls import reverse

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
    run_url,
    sheet,
)
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.projects.services import milestone_add, milestone_complete, project_create
from chuangxian.projects.tests.conftest import data_for


def _projects(tree, personas, campaign, n: int, unit=None) -> None:
    for i in range(n):
        person = MemberFactory(unit=unit or tree.college, name=f"会员{i}")
        project_create(
            unit=unit or tree.college,
            campaign=campaign,
            data=data_for(campaign, person, title=f"项目{i}"),
            actor=personas.office,
        )


@pytest.mark.parametrize("persona", ["member", "chair", "office"])
def test_everyone_of_the_school_exports_the_projects_with_their_progress(personas, project, persona):
    milestone_add(project=project, title="一", due_on=date(2011, 5, 1), weight=1, actor=personas.chair)
    done = milestone_add(project=project, title="二", due_on=date(2011, 6, 1), weight=3, actor=personas.chair)
    milestone_complete(milestone=done, done_on=date(2011, 3, 1), actor=personas.chair)
    params = {"campaign": project.campaign_id}
    result = export_file(getattr(personas, persona), "projects.list", params)
    assert header(result.content)[:3] == ("单位", "项目名称", "主题")
    assert [(row[0], row[1], row[7]) for row in rows(result.content)] == [
        ("文学与传播学院", "师德讲堂", 0.75)
    ]
    assert "%" in sheet(result.content).cell(row=3, column=8).number_format


def test_the_export_keeps_the_pages_filters(tree, personas, campaign, phase2):
    _projects(tree, personas, campaign, 1)
    _projects(tree, personas, campaign, 1, unit=tree.library)
    params = {"campaign": campaign.pk, "unit": tree.library.pk}
    assert [row[0] for row in rows(export_file(personas.member, "projects.list", params).content)] == [
        "图书馆"
    ]
    params = {"campaign": campaign.pk, "status": "completed"}
    assert export_file(personas.member, "projects.list", params).rows == 0


def test_an_other_school_may_not_export_ours(client, tree, personas, project):
    assert_refused(personas.other_office, "projects.list", {"campaign": project.campaign_id}, client=client)
    other = make_campaign(tree.other_tenant)
    assert_refused(personas.member, "projects.list", {"campaign": other.pk})


def test_the_page_links_the_export(client, personas, project):
    client.force_login(personas.member)
    page = client.get(reverse("projects:list"), {"status": "ongoing"}).content.decode()
    assert_link_gives_the_file(
        client, page, f"{run_url('projects.list')}?campaign={project.campaign_id}&amp;status=ongoing"
    )


@pytest.mark.parametrize("n", [3, 60])
def test_export_query_count_does_not_grow(tree, personas, campaign, phase2, django_assert_max_num_queries, n):
    _projects(tree, personas, campaign, n)
    params = {"campaign": campaign.pk}
    assert (
        export_in_queries(django_assert_max_num_queries, 6, personas.member, "projects.list", params).rows
        == n
    )
