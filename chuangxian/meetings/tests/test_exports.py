"""The meeting list and a meeting's attendance as Excel exports (issue 13): their rows, who may run
them, a query count that does not grow with rows."""

import pytest
from django.urls import reverse

from chuangxian.exports.tests.helpers import (
    assert_link_gives_the_file,
    assert_refused,
    export_file,
    export_in_queries,
    rows,
    run_url,
)
from chuangxian.meetings.models import MeetingStatus
from chuangxian.meetings.services import attendance_set
from chuangxian.meetings.tests.factories import make_meeting
from chuangxian.orgs.tests.factories import MemberFactory


@pytest.fixture
def meeting(tree, personas):
    return make_meeting(tree.college, personas.chair, host=personas.chair_row, status=MeetingStatus.HELD)


# -- meetings.list ----------------------------------------------------------------------------------


def test_meeting_list_export_lists_the_units_meetings(tree, personas, meeting):
    attendance_set(meeting=meeting, member_ids=[personas.chair_row.pk], actor=personas.chair)
    make_meeting(tree.college, personas.chair, title="草稿会议", status=MeetingStatus.DRAFT)
    make_meeting(tree.sibling, personas.sibling_chair, title="数计的会")
    params = {"unit": tree.college.pk}
    listed = rows(export_file(personas.chair, "meetings.list", params).content)
    assert sorted(r[0] for r in listed) == ["创先争优活动动员大会", "草稿会议"]
    held = next(r for r in listed if r[0] == "创先争优活动动员大会")
    assert held[4] == "学院主席" and held[6:8] == (1, 3)
    assert held[8] == pytest.approx(1 / 3, abs=0.001)  # a percentage, stored as a fraction
    listed = rows(export_file(personas.member, "meetings.list", params).content)
    assert [r[0] for r in listed] == ["创先争优活动动员大会"]  # no drafts for members


@pytest.mark.parametrize("persona", ["sibling_chair", "other_office"])
def test_meeting_list_export_is_refused_to_who_may_not_see_the_list(tree, personas, persona):
    assert_refused(getattr(personas, persona), "meetings.list", {"unit": tree.college.pk})


def test_meeting_list_export_url_and_link(client, tree, personas, meeting):
    client.force_login(personas.member)
    page = client.get(reverse("meetings:list", args=[tree.college.pk])).content.decode()
    assert_link_gives_the_file(client, page, f"{run_url('meetings.list')}?unit={tree.college.pk}")
    assert_refused(
        personas.sibling_chair, "meetings.list", {"unit": tree.college.pk}, client=client, status=(403,)
    )


@pytest.mark.parametrize("n", [2, 30])
def test_meeting_list_export_query_count_does_not_grow(tree, personas, django_assert_max_num_queries, n):
    for i in range(n):
        make_meeting(tree.college, personas.chair, title=f"会议{i}", host=personas.chair_row)
    params = {"unit": tree.college.pk}
    assert (
        export_in_queries(django_assert_max_num_queries, 10, personas.chair, "meetings.list", params).rows
        == n
    )


# -- meetings.attendance ----------------------------------------------------------------------------


def test_attendance_export_lists_the_roster(tree, personas, meeting):
    attendance_set(meeting=meeting, member_ids=[personas.member_row.pk], actor=personas.chair)
    result = export_file(personas.chair, "meetings.attendance", {"meeting": meeting.pk})
    by_name = {r[1]: r for r in rows(result.content)}
    assert set(by_name) == {"学院主席", "学院联络员", "普通会员"}
    attended = by_name["普通会员"]
    assert attended[0] == personas.member_row.staff_no and attended[2] == "中文系工会小组"
    assert attended[3] == "是" and attended[5] is not None
    assert by_name["学院主席"][3] == "否" and by_name["学院主席"][5] is None


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "other_office"])
def test_attendance_export_is_refused_to_who_does_not_manage_the_meeting(tree, personas, meeting, persona):
    assert_refused(getattr(personas, persona), "meetings.attendance", {"meeting": meeting.pk})


def test_attendance_export_url_and_link(client, tree, personas, meeting):
    link = f"{run_url('meetings.attendance')}?meeting={meeting.pk}"
    client.force_login(personas.chair)
    assert_link_gives_the_file(
        client, client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode(), link
    )
    client.force_login(personas.member)
    assert link not in client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert_refused(
        personas.member, "meetings.attendance", {"meeting": meeting.pk}, client=client, status=(403,)
    )


@pytest.mark.parametrize("n", [3, 60])
def test_attendance_export_query_count_does_not_grow(
    tree, personas, meeting, django_assert_max_num_queries, n
):
    members = MemberFactory.create_batch(n, unit=tree.group)
    attendance_set(meeting=meeting, member_ids=[m.pk for m in members[: n // 2]], actor=personas.chair)
    result = export_in_queries(
        django_assert_max_num_queries, 10, personas.chair, "meetings.attendance", {"meeting": meeting.pk}
    )
    assert result.rows == n + 3
