"""A member's own activity tabs as an export (``activities.mine``, issue 13): 我的活动 by default,
the invited tabs with ``tab``; the page's filters; for the member only; the page's link; a query
count that does not grow with activities."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from chuangxian.activities.models import Activity, Attendance, Registration
from chuangxian.activities.tests.factories import make_activity
from chuangxian.core import clock
from chuangxian.core.errors import Refused
from chuangxian.exports.services import ExportFile, export_run

pytestmark = pytest.mark.usefixtures("in_phase2")
NAME = "activities.mine"


def _rows(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(min_row=3, values_only=True))


def _sign_up(tree, activity, member, *, came: bool = False) -> None:
    Registration.objects.create(tenant=tree.tenant, activity=activity, member=member, status="confirmed")
    if came:
        Attendance.objects.create(
            tenant=tree.tenant, activity=activity, member=member, method="ticked", at=clock.now()
        )


@pytest.fixture
def activities(tree, personas, campaign):
    mine = make_activity(
        campaign,
        tree.college,
        personas.chair,
        title="学院竞赛",
        whole_tenant=False,
        audience_units=[tree.college],
    )
    other = make_activity(campaign, tree.root, personas.office, title="全校培训")
    _sign_up(tree, mine, personas.member_row, came=True)
    return mine, other


def test_my_activities_lists_what_the_member_signed_up_for(tree, personas, activities):
    result = export_run(actor=personas.member, name=NAME, fmt="xlsx", params={"tab": "mine"})
    assert isinstance(result, ExportFile)
    rows = _rows(result.content)
    assert [(r[0], r[2], r[9], r[10]) for r in rows] == [("学院竞赛", "文学与传播学院", "已报名", "是")]
    assert result.filename.startswith("我的活动 · 普通会员")


def test_the_invited_tabs_and_the_filters(tree, personas, activities):
    result = export_run(actor=personas.member, name=NAME, fmt="xlsx", params={"tab": "all"})
    assert isinstance(result, ExportFile)
    assert {r[0] for r in _rows(result.content)} == {"学院竞赛", "全校培训"}
    params = {"tab": "all", "unit": tree.college.pk}
    result = export_run(actor=personas.member, name=NAME, fmt="xlsx", params=params)
    assert isinstance(result, ExportFile)
    assert [(r[0], r[9]) for r in _rows(result.content)] == [("学院竞赛", "已报名")]


def test_each_member_gets_their_own(tree, personas, activities):
    result = export_run(actor=personas.chair, name=NAME, fmt="xlsx", params={})
    assert isinstance(result, ExportFile)
    assert _rows(result.content) == []


def test_who_has_no_member_record_may_not_export(tree, personas, activities):
    with pytest.raises(Refused):
        export_run(actor=personas.admin, name=NAME, fmt="xlsx", params={})


def test_another_schools_unit_is_refused(tree, personas, activities):
    with pytest.raises(Refused):
        export_run(actor=personas.member, name=NAME, fmt="xlsx", params={"unit": tree.other_unit.pk})


def test_the_member_tabs_link_the_export(client, tree, personas, activities):
    url = reverse("exports:run", args=[NAME, "xlsx"])
    client.force_login(personas.member)
    page = client.get(reverse("activities:list"), {"tab": "mine", "kind": "contest"}).content.decode()
    assert f"{url}?tab=mine&amp;kind=contest" in page
    page = client.get(reverse("activities:list")).content.decode()
    assert f"{url}?tab=open" in page
    response = client.get(url, {"tab": "mine"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxml")
    client.force_login(personas.admin)
    assert client.get(url, {"tab": "mine"}).status_code in (403, 404)


@pytest.mark.parametrize("n", [3, 120])
def test_query_count_does_not_grow(tree, personas, campaign, activities, django_assert_max_num_queries, n):
    base = activities[0]
    fields = {
        name: getattr(base, name) for name in ("starts_at", "ends_at", "signup_opens_at", "signup_closes_at")
    }
    made = Activity.objects.bulk_create(
        [
            Activity(
                tenant=tree.tenant,
                campaign=campaign,
                unit=tree.college,
                kind="training",
                title=f"培训{i}",
                whole_tenant=True,
                status="published",
                **fields,
            )
            for i in range(n)
        ]
    )
    for activity in made:
        _sign_up(tree, activity, personas.member_row)
    with django_assert_max_num_queries(4):
        result = export_run(actor=personas.member, name=NAME, fmt="xlsx", params={})
    assert isinstance(result, ExportFile) and result.rows == n + 1
