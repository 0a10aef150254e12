"""A member's own activity tabs as an export (``activities.mine``, issue 13): 我的活动 by default,
the invited tabs with ``tab``; the page's filters; for the member only; the page's link; a query
count that does not grow with activities."""

import pytest
from django.urls import reverse

from chuangxian.activities.models import Attendance, Registration
from chuangxian.activities.tests.factories import make_activity, more_activities
from chuangxian.core import clock
from chuangxian.exports.tests.helpers import (
    FORBIDDEN,
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    rows,
    run_url,
)

pytestmark = pytest.mark.usefixtures("in_phase2")
NAME = "activities.mine"


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
    result = export_file(personas.member, NAME, {"tab": "mine"})
    assert [(r[0], r[2], r[9], r[10]) for r in rows(result.content)] == [
        ("学院竞赛", "文学与传播学院", "已报名", "是")
    ]
    assert result.filename.startswith("我的活动 · 普通会员")


def test_the_invited_tabs_and_the_filters(tree, personas, activities):
    assert {r[0] for r in rows(export_file(personas.member, NAME, {"tab": "all"}).content)} == {
        "学院竞赛",
        "全校培训",
    }
    params = {"tab": "all", "unit": tree.college.pk}
    assert [(r[0], r[9]) for r in rows(export_file(personas.member, NAME, params).content)] == [
        ("学院竞赛", "已报名")
    ]


def test_each_member_gets_their_own(tree, personas, activities):
    assert rows(export_file(personas.chair, NAME).content) == []


def test_who_has_no_member_record_may_not_export(tree, personas, activities):
    assert_refused(personas.admin, NAME)


def test_another_schools_unit_is_refused(tree, personas, activities):
    assert_refused(personas.member, NAME, {"unit": tree.other_unit.pk})


def test_the_member_tabs_link_the_export(client, tree, personas, activities):
    client.force_login(personas.member)
    page = client.get(reverse("activities:list"), {"tab": "mine", "kind": "contest"}).content.decode()
    assert_link_gives_the_file(client, page, f"{run_url(NAME)}?tab=mine&amp;kind=contest")
    page = client.get(reverse("activities:list")).content.decode()
    assert_link_gives_the_file(client, page, f"{run_url(NAME)}?tab=open")
    assert_refused(personas.admin, NAME, {"tab": "mine"}, client=client, status=FORBIDDEN)


@pytest.mark.parametrize("n", [3, 120])
def test_query_count_does_not_grow(tree, personas, campaign, activities, django_assert_max_num_queries, n):
    for activity in more_activities(campaign, activities[0], tree.college, n):
        _sign_up(tree, activity, personas.member_row)
    assert export_in_queries(django_assert_max_num_queries, 4, personas.member, NAME).rows == n + 1
