import pytest
from django.urls import reverse

from chuangxian.activities.models import Attendance, Registration
from chuangxian.activities.tests.factories import make_activity, more_activities
from chuangxian.core import clock
from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    header,
    rows,
    run_url,
)
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory

pytestmark = pytest.mark.usefixtures("in_phase2")


def _members(unit, n: int) -> list[Member]:
    Member.objects.bulk_create([MemberFactory.build(unit=unit) for _ in range(n)])
    return list(Member.objects.filter(unit=unit, user__isnull=True).order_by("pk")[:n])


def _signups(tree, activity, n: int) -> list[Member]:
    people = _members(tree.college, n)
    Registration.objects.bulk_create(
        [
            Registration(
                tenant=tree.tenant,
                activity=activity,
                member=m,
                status="confirmed" if i < n - 1 else "waitlisted",
                position=None if i < n - 1 else 1,
            )
            for i, m in enumerate(people)
        ]
    )
    Attendance.objects.create(
        tenant=tree.tenant, activity=activity, member=people[0], method="ticked", at=clock.now()
    )
    return people


def _for_unit(campaign, unit, organiser, **fields):
    """An activity of ``unit`` for ``unit`` only."""
    return make_activity(campaign, unit, organiser, whole_tenant=False, audience_units=[unit], **fields)


def test_the_chair_exports_the_activities_of_their_college(tree, personas, campaign):
    _for_unit(campaign, tree.college, personas.chair, title="学院竞赛", publish=False)
    _for_unit(campaign, tree.sibling, personas.office, title="数计竞赛")
    result = export_file(personas.chair, "activities.organised")
    assert header(result.content)[:3] == ("活动名称", "活动类型", "主办单位")
    assert [(row[0], row[2], row[6]) for row in rows(result.content)] == [
        ("学院竞赛", "文学与传播学院", "草稿")
    ]


def test_the_export_keeps_the_pages_filters(tree, personas, campaign):
    _for_unit(campaign, tree.college, personas.office, title="学院竞赛")
    _for_unit(campaign, tree.sibling, personas.office, title="数计竞赛", publish=False)
    _for_unit(campaign, tree.sibling, personas.office, title="数计讲座")
    params = {"tab": "organised", "unit": tree.sibling.pk, "status": "draft"}
    assert [row[0] for row in rows(export_file(personas.office, "activities.organised", params).content)] == [
        "数计竞赛"
    ]
    result = export_file(personas.office, "activities.organised", {"q": "文学"})
    assert [row[0] for row in rows(result.content)] == ["学院竞赛"]


@pytest.mark.parametrize("persona", ["member", "leader"])
def test_who_organises_nothing_may_not_export_the_organised_list(client, tree, personas, persona):
    assert_refused(getattr(personas, persona), "activities.organised", client=client)


def test_an_other_schools_office_sees_none_of_ours(tree, personas, campaign):
    _for_unit(campaign, tree.college, personas.office, title="学院竞赛")
    assert_refused(personas.other_office, "activities.organised", {"unit": tree.college.pk})
    assert export_file(personas.other_office, "activities.organised").rows == 0


def test_the_organiser_exports_the_sign_ups(client, tree, personas, campaign):
    activity = _for_unit(campaign, tree.college, personas.chair)
    people = _signups(tree, activity, 3)
    result = export_file(personas.chair, "activities.signups", {"activity": activity.pk})
    assert header(result.content) == ("工号", "姓名", "单位", "报名状态", "候补顺序", "出席", "签到方式")
    listed = rows(result.content)
    assert [(row[0], row[3], row[4], row[5]) for row in listed] == [
        (people[0].staff_no, "已报名", None, "是"),
        (people[1].staff_no, "已报名", None, "否"),
        (people[2].staff_no, "候补", 1, "否"),
    ]
    assert listed[0][6] == "登记"


@pytest.mark.parametrize("persona", ["sibling_chair", "member", "other_office"])
def test_only_the_organisers_may_export_the_sign_ups(client, tree, personas, campaign, persona):
    activity = _for_unit(campaign, tree.college, personas.chair)
    assert_refused(getattr(personas, persona), "activities.signups", {"activity": activity.pk}, client=client)


def test_the_pages_link_the_exports(client, tree, personas, campaign):
    activity = _for_unit(campaign, tree.college, personas.chair)
    _signups(tree, activity, 2)
    client.force_login(personas.chair)
    page = client.get(reverse("activities:list"), {"tab": "organised", "kind": "contest"}).content.decode()
    assert_link_gives_the_file(
        client, page, f"{run_url('activities.organised')}?tab=organised&amp;kind=contest"
    )
    page = client.get(reverse("activities:organise", args=[activity.pk])).content.decode()
    assert_link_gives_the_file(client, page, f"{run_url('activities.signups')}?activity={activity.pk}")
    page = client.get(reverse("activities:list"), {"tab": "open"}).content.decode()
    assert "activities.organised" not in page


@pytest.mark.parametrize("n", [5, 200])
def test_export_query_counts_do_not_grow(tree, personas, campaign, django_assert_max_num_queries, n):
    activity = _for_unit(campaign, tree.college, personas.chair)
    more_activities(campaign, activity, tree.college, n)
    _signups(tree, activity, n)
    assert (
        export_in_queries(django_assert_max_num_queries, 8, personas.chair, "activities.organised").rows
        == n + 1
    )
    params = {"activity": activity.pk}
    result = export_in_queries(django_assert_max_num_queries, 8, personas.chair, "activities.signups", params)
    assert result.rows == n
