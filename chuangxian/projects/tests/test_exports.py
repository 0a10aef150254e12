import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.projects.services import milestone_add, milestone_complete, project_create
from chuangxian.projects.tests.conftest import data_for


def _rows(content: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(min_row=2, values_only=True))


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
    result = export_run(actor=getattr(personas, persona), name="projects.list", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    header, *rows = _rows(result.content)
    assert header[:3] == ("单位", "项目名称", "主题")
    assert [(row[0], row[1], row[7]) for row in rows] == [("文学与传播学院", "师德讲堂", 0.75)]
    sheet = load_workbook(io.BytesIO(result.content)).active
    assert "%" in sheet.cell(row=3, column=8).number_format


def test_the_export_keeps_the_pages_filters(tree, personas, campaign, phase2):
    _projects(tree, personas, campaign, 1)
    _projects(tree, personas, campaign, 1, unit=tree.library)
    params = {"campaign": campaign.pk, "unit": tree.library.pk}
    result = export_run(actor=personas.member, name="projects.list", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert [row[0] for row in _rows(result.content)[1:]] == ["图书馆"]
    params = {"campaign": campaign.pk, "status": "completed"}
    result = export_run(actor=personas.member, name="projects.list", fmt="xlsx", params=params)
    assert isinstance(result, ExportFile) and result.rows == 0


def test_an_other_school_may_not_export_ours(client, tree, personas, project):
    with pytest.raises(Refused):
        export_run(
            actor=personas.other_office,
            name="projects.list",
            fmt="xlsx",
            params={"campaign": project.campaign_id},
        )
    client.force_login(personas.other_office)
    url = reverse("exports:run", args=["projects.list", "xlsx"])
    assert client.get(url, {"campaign": project.campaign_id}).status_code in (403, 404)
    other = make_campaign(tree.other_tenant)
    with pytest.raises(Refused):
        export_run(actor=personas.member, name="projects.list", fmt="xlsx", params={"campaign": other.pk})


def test_the_page_links_the_export(client, personas, project):
    client.force_login(personas.member)
    page = client.get(reverse("projects:list"), {"status": "ongoing"}).content.decode()
    url = (
        reverse("exports:run", args=["projects.list", "xlsx"])
        + f"?campaign={project.campaign_id}&amp;status=ongoing"
    )
    assert url in page
    response = client.get(url.replace("&amp;", "&"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")


@pytest.mark.parametrize("n", [3, 60])
def test_export_query_count_does_not_grow(tree, personas, campaign, phase2, django_assert_max_num_queries, n):
    _projects(tree, personas, campaign, n)
    with django_assert_max_num_queries(6):
        result = export_run(
            actor=personas.member, name="projects.list", fmt="xlsx", params={"campaign": campaign.pk}
        )
    assert isinstance(result, ExportFile) and result.rows == n
