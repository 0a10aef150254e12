import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.meetings.checkin import code_make
from chuangxian.meetings.models import Attendance, Meeting, MeetingFile, MeetingStatus
from chuangxian.meetings.services import attendance_set, meeting_file_add
from chuangxian.meetings.tests.factories import make_meeting
from chuangxian.orgs.models import Member
from chuangxian.orgs.tests.factories import MemberFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def meeting(tree, personas):
    return make_meeting(tree.college, personas.chair, host=personas.chair_row, agenda="一、传达文件")


def test_chair_records_a_meeting_through_the_form(client, tree, personas):
    campaign = make_campaign(tree.tenant)
    client.force_login(personas.chair)
    url = reverse("meetings:create", args=[tree.college.pk])
    with time_machine.travel("2010-12-18 09:00 +0800", tick=False):
        page = client.get(url)
        assert page.status_code == 200
        assert page.context["form"].initial["campaign"] == campaign.pk
        response = client.post(
            url,
            {
                "kind": "mobilisation",
                "title": "动员大会",
                "campaign": campaign.pk,
                "starts_at": "2010-12-20T15:00",
                "place": "报告厅",
                "host": personas.chair_row.pk,
                "status": "scheduled",
            },
        )
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("meetings:detail", args=[meeting.pk])
    assert meeting.campaign == campaign and meeting.host == personas.chair_row


def test_form_shows_the_phase_window_message(client, tree, personas):
    campaign = make_campaign(tree.tenant)
    client.force_login(personas.chair)
    with time_machine.travel("2011-03-01 09:00 +0800", tick=False):
        response = client.post(
            reverse("meetings:create", args=[tree.college.pk]),
            {
                "kind": "mobilisation",
                "campaign": campaign.pk,
                "starts_at": "2011-03-01T15:00",
                "status": "held",
            },
        )
    assert response.status_code == 200
    page = response.content.decode()
    assert "已于 2010-12-31 结束" in page
    assert (
        "请在「所属创先活动」中选择「不属于任何创先活动」" in response.context["form"].errors["campaign"][0]
    )
    assert not Meeting.objects.exists()


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "other_office"])
def test_only_officers_open_the_form(client, tree, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(reverse("meetings:create", args=[tree.college.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "unit"),
    [("chair", "college"), ("liaison", "college"), ("member", "group"), ("office", "root")],
)
def test_meetings_index_opens_the_users_unit(client, tree, personas, persona, unit):
    client.force_login(getattr(personas, persona))
    response = client.get(reverse("meetings:index"))
    assert response.url == reverse("meetings:list", args=[getattr(tree, unit).pk])


def test_meetings_index_is_not_found_without_a_unit(client, personas):
    client.force_login(personas.admin)
    assert client.get(reverse("meetings:index")).status_code == 404


def test_list_and_detail_for_a_member(client, tree, meeting, personas):
    make_meeting(tree.college, personas.chair, title="秘密草稿", status=MeetingStatus.DRAFT)
    client.force_login(personas.member)
    page = client.get(reverse("meetings:list", args=[tree.college.pk])).content.decode()
    assert "创先争优活动动员大会" in page
    assert "秘密草稿" not in page
    detail = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "一、传达文件" in detail
    assert "登记出席" not in detail


def test_other_units_get_404(client, tree, meeting, personas):
    client.force_login(personas.sibling_chair)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:host", args=[meeting.pk])).status_code == 404
    client.force_login(personas.other_office)
    assert client.get(reverse("meetings:detail", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings:list", args=[tree.college.pk])).status_code == 404


def test_attendance_page_ticks_members(client, meeting, personas):
    client.force_login(personas.liaison)
    url = reverse("meetings:attendance", args=[meeting.pk])
    assert personas.member_row.name in client.get(url).content.decode()
    response = client.post(url, {"members": [personas.member_row.pk, personas.chair_row.pk]})
    assert response.status_code == 302
    assert Attendance.objects.count() == 2
    detail = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert detail.context["rate"].attended == 2


def test_attendance_page_refuses_an_outsider_id(client, tree, meeting, personas):
    outsider = MemberFactory(unit=tree.sibling)
    client.force_login(personas.chair)
    response = client.post(reverse("meetings:attendance", args=[meeting.pk]), {"members": [outsider.pk]})
    assert response.status_code == 200  # the form refuses a choice that is not on the roster
    assert not Attendance.objects.exists()


def test_file_upload_and_permission_checked_download(client, tree, meeting, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(personas.chair)
    url = reverse("meetings:file_upload", args=[meeting.pk])
    client.post(url, {"file": SimpleUploadedFile("会场.png", PNG, content_type="image/png")})
    bad = client.post(
        url, {"file": SimpleUploadedFile("假的.pdf", PNG, content_type="application/pdf")}, follow=True
    )
    assert "扩展名与实际内容不符" in bad.content.decode()
    item = MeetingFile.objects.get()
    download = reverse("meetings:file_download", args=[meeting.pk, item.pk])
    client.force_login(personas.member)
    response = client.get(download)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    client.force_login(personas.sibling_chair)
    assert client.get(download).status_code == 404


def test_file_delete(client, meeting, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = meeting_file_add(meeting=meeting, upload=io.BytesIO(PNG), name="a.png", actor=personas.chair)
    client.force_login(personas.member)
    assert client.post(reverse("meetings:file_delete", args=[meeting.pk, item.pk])).status_code == 404
    client.force_login(personas.chair)
    client.post(reverse("meetings:file_delete", args=[meeting.pk, item.pk]))
    assert not MeetingFile.objects.exists()


def test_host_page_shows_a_qr_code_of_the_checkin_url(client, meeting, personas):
    client.force_login(personas.chair)
    with time_machine.travel("2010-12-20 14:30 +0800", tick=False):
        page = client.get(reverse("meetings:host", args=[meeting.pk]))
        qr = client.get(reverse("meetings:host_qr", args=[meeting.pk]))
        count = client.get(reverse("meetings:host_count", args=[meeting.pk]))
    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    assert page.context["checkin_url"].startswith("http://testserver/meetings/")
    assert "?code=" in page.context["checkin_url"]
    assert 'hx-trigger="every 30s"' in qr.content.decode()
    assert 'src="data:image/svg+xml' in qr.content.decode()
    assert 'hx-trigger="every 5s"' in count.content.decode()


def test_the_code_on_screen_changes_with_each_rotation(client, meeting, personas):
    client.force_login(personas.chair)
    with time_machine.travel("2010-12-20 14:30:00 +0800", tick=False):
        first = client.get(reverse("meetings:host_qr", args=[meeting.pk])).context["rotation"]
    with time_machine.travel("2010-12-20 14:30:30 +0800", tick=False):
        second = client.get(reverse("meetings:host_qr", args=[meeting.pk])).context["rotation"]
    assert second == first + 1


def test_host_page_outside_the_window_says_when(client, meeting, personas):
    client.force_login(personas.chair)
    with time_machine.travel("2010-12-19 09:00 +0800", tick=False):
        page = client.get(reverse("meetings:host", args=[meeting.pk])).content.decode()
    assert "签到尚未开始" in page
    assert "data:image/svg+xml" not in page


def test_checkin_view_records_and_says_already(client, meeting, personas):
    client.force_login(personas.member)
    with time_machine.travel("2010-12-20 15:10 +0800", tick=False):
        url = reverse("meetings:checkin", args=[meeting.pk]) + f"?code={code_make(meeting.pk).token}"
        first = client.get(url).content.decode()
        second = client.get(url).content.decode()
    assert "签到成功" in first
    assert "您已签到" in second
    assert Attendance.objects.count() == 1


def test_logged_out_scan_of_a_bad_code_is_refused_at_once(client, meeting):
    response = client.get(reverse("meetings:checkin", args=[meeting.pk]) + "?code=abc")
    assert response.status_code == 400
    assert "签到码无效" in response.content.decode()


def test_logged_out_scan_logs_in_first_and_the_code_survives_a_slow_login(client, meeting, personas):
    with time_machine.travel("2010-12-20 15:00 +0800", tick=False):
        url = reverse("meetings:checkin", args=[meeting.pk]) + f"?code={code_make(meeting.pk).token}"
        response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert "next=" in response.url and "code%3D" in response.url
    with time_machine.travel("2010-12-20 15:06 +0800", tick=False):  # the code itself expired at 15:02
        client.post(
            reverse("accounts:login"),
            {
                "tenant": personas.member.tenant_id,
                "username": personas.member.staff_no,
                "password": "pass-w0rd!",
            },
        )
        assert "签到成功" in client.get(url).content.decode()
    assert Attendance.objects.filter(member=personas.member_row).exists()


def test_the_grace_is_only_for_the_browser_that_scanned(client, meeting, personas):
    with time_machine.travel("2010-12-20 15:00 +0800", tick=False):
        url = reverse("meetings:checkin", args=[meeting.pk]) + f"?code={code_make(meeting.pk).token}"
        client.get(url)  # scanned while logged out: remembered in this client's session only
    client.logout()
    client.force_login(personas.chair)
    with time_machine.travel("2010-12-20 15:06 +0800", tick=False):
        response = client.get(url)
    assert response.status_code == 400
    assert "签到码已过期" in response.content.decode()


def test_checkin_view_refuses_with_a_message(client, meeting, personas):
    client.force_login(personas.sibling_chair)
    with time_machine.travel("2010-12-20 15:10 +0800", tick=False):
        url = reverse("meetings:checkin", args=[meeting.pk]) + f"?code={code_make(meeting.pk).token}"
        response = client.get(url)
    assert response.status_code == 400
    assert "您不是「文学与传播学院」的会员" in response.content.decode()


def test_home_lists_meetings_to_attend_until_checked_in(client, tree, personas):
    campaign = make_campaign(tree.tenant)
    with time_machine.travel("2010-12-18 09:00 +0800", tick=False):
        meeting = make_meeting(tree.college, personas.chair, campaign=campaign, starts_at="2010-12-20 15:00")
        make_meeting(
            tree.college,
            personas.chair,
            title="草稿会",
            status=MeetingStatus.DRAFT,
            starts_at="2010-12-20 15:00",
        )
        make_meeting(tree.college, personas.chair, title="昨天的会", starts_at="2010-12-17 15:00")
        make_meeting(tree.college, personas.chair, title="早上的会", starts_at="2010-12-18 04:59")
        make_meeting(tree.college, personas.chair, title="签到未结束的会", starts_at="2010-12-18 05:01")
        make_meeting(tree.sibling, personas.sibling_chair, title="别的学院", starts_at="2010-12-20 15:00")
        client.force_login(personas.member)
        page = client.get(reverse("home")).content.decode()
        assert "参加会议：创先争优活动动员大会" in page
        assert "签到未结束的会" in page
        assert reverse("meetings:detail", args=[meeting.pk]) in page
        for absent in ("草稿会", "昨天的会", "早上的会", "别的学院"):
            assert absent not in page
        attendance_set(meeting=meeting, member_ids=[personas.member_row.pk], actor=personas.chair)
        assert "参加会议：创先争优活动动员大会" not in client.get(reverse("home")).content.decode()


def _many_members(unit, n):
    return Member.objects.bulk_create(
        [Member(tenant=unit.tenant, unit=unit, staff_no=f"8{i:06d}", name=f"会员{i}") for i in range(n)]
    )


@pytest.mark.parametrize("n", [10, 300])
def test_detail_query_count_is_flat(client, tree, meeting, personas, django_assert_max_num_queries, n):
    members = _many_members(tree.college, n)
    attendance_set(meeting=meeting, member_ids=[m.pk for m in members], actor=personas.chair)
    client.force_login(personas.chair)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.context["rate"].attended == n
    with django_assert_max_num_queries(9):
        assert client.get(reverse("meetings:attendance", args=[meeting.pk])).status_code == 200


@pytest.mark.parametrize("n", [10, 300])
def test_list_query_count_is_flat(client, tree, personas, django_assert_max_num_queries, n):
    members = [m.pk for m in _many_members(tree.college, n)]
    for i in range(n // 10):
        m = make_meeting(tree.college, personas.chair, title=f"会议{i}", host=personas.chair_row)
        attendance_set(meeting=m, member_ids=members, actor=personas.chair)
    client.force_login(personas.chair)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("meetings:list", args=[tree.college.pk]))
    assert f"出席 {n}/{n + 3}" in response.content.decode()


@pytest.mark.parametrize("n", [10, 300])
def test_host_panel_and_checkin_query_counts_are_flat(
    client, tree, meeting, personas, django_assert_max_num_queries, n
):
    members = _many_members(tree.college, n)
    attendance_set(meeting=meeting, member_ids=[m.pk for m in members], actor=personas.chair)
    with time_machine.travel("2010-12-20 15:00 +0800", tick=False):
        client.force_login(personas.chair)
        with django_assert_max_num_queries(10):
            panel = client.get(reverse("meetings:host_count", args=[meeting.pk]))
        assert panel.context["count"] == n
        with django_assert_max_num_queries(8):
            assert client.get(reverse("meetings:host_qr", args=[meeting.pk])).status_code == 200
        client.force_login(personas.member)
        url = reverse("meetings:checkin", args=[meeting.pk]) + f"?code={code_make(meeting.pk).token}"
        with django_assert_max_num_queries(16):
            assert "签到成功" in client.get(url).content.decode()


def test_form_proposes_the_campaign_only_inside_its_meeting_window(client, tree, personas):
    make_campaign(tree.tenant)
    client.force_login(personas.chair)
    url = reverse("meetings:create", args=[tree.college.pk])
    with time_machine.travel("2011-05-01 09:00 +0800", tick=False):
        assert client.get(url).context["form"].initial["campaign"] is None


def test_admin_lists_meetings_read_only(client, meeting, personas):
    client.force_login(personas.admin)
    assert meeting.title in client.get("/admin/meetings/meeting/").content.decode()
    assert client.get("/admin/meetings/meeting/add/").status_code == 403


def test_edit_keeps_a_host_who_has_left(client, tree, personas):
    host = MemberFactory(unit=tree.college, name="退休主持")
    meeting = make_meeting(tree.college, personas.chair, host=host)
    Member.objects.filter(pk=host.pk).update(status="retired")
    client.force_login(personas.chair)
    response = client.post(
        reverse("meetings:edit", args=[meeting.pk]),
        {
            "kind": "mobilisation",
            "title": "动员大会",
            "starts_at": "2010-12-20T15:00",
            "host": host.pk,
            "status": "held",
            "minutes": "补记",
        },
    )
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.host, meeting.status, meeting.minutes) == (host, "held", "补记")
