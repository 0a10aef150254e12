"""Browser journey: a sub-union chair records a mobilisation meeting and shows the check-in QR code;
two members check in from their phones; someone from another unit is refused."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.meetings.models import Attendance, AttendanceMethod, Meeting
from chuangxian.orgs.tests.factories import MemberFactory, make_user

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_chair_records_a_mobilisation_meeting_and_members_check_in_on_phones(new_context, tree, personas):
    campaign = make_campaign(tree.tenant)
    second = make_user(MemberFactory(unit=tree.college, name="第二会员"))
    with time_machine.travel("2010-12-20 14:40 +0800", tick=True):
        chair = new_context().new_page()
        chair.goto("/accounts/login/")
        log_in(chair, tree.tenant.name, personas.chair.staff_no)
        chair.get_by_role("button", name="本单位").click()  # the unit's own menu
        chair.get_by_role("link", name="我的单位").click()
        chair.get_by_role("link", name="会议记录").click()
        chair.get_by_role("link", name="记录会议").click()
        chair.select_option("select[name=kind]", "mobilisation")
        chair.fill("input[name=title]", "创先争优活动动员大会")
        expect(chair.locator("select[name=campaign]")).to_have_value(str(campaign.pk))
        chair.fill("input[name=starts_at]", "2010-12-20T15:00")
        chair.fill("input[name=place]", "行政楼三楼会议室")
        chair.select_option("select[name=host]", str(personas.chair_row.pk))
        chair.fill("textarea[name=agenda]", "一、传达学校实施方案\n二、部署本学院工作")
        chair.get_by_role("button", name="保存").click()
        chair.get_by_text("已记录会议「创先争优活动动员大会」").wait_for()
        meeting = Meeting.objects.get()

        chair.get_by_role("link", name="扫码签到").click()
        qr = chair.locator("img.checkin-qr")
        expect(qr).to_be_visible()
        checkin_url = qr.get_attribute("data-checkin-url")
        assert checkin_url and f"/meetings/{meeting.pk}/checkin/?code=" in checkin_url
        expect(chair.get_by_test_id("checked-in-count")).to_have_text("0")

        # Two members scan the code with their phones; each logs in first, then is checked in.
        for user in (personas.member, second):
            phone = new_context(phone=True).new_page()
            phone.goto(checkin_url)
            expect(phone).to_have_url(re.compile(r"/accounts/login/\?next="))
            log_in(phone, tree.tenant.name, user.staff_no)
            expect(phone.get_by_test_id("checkin-status")).to_have_text("签到成功")
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
            phone.reload()
            expect(phone.get_by_test_id("checkin-status")).to_have_text("您已签到")

        # The chair's screen polls: the count rises to 2 without a reload.
        expect(chair.get_by_test_id("checked-in-count")).to_have_text("2", timeout=15_000)

        # Someone from another sub-union is refused with a message.
        outsider = new_context(phone=True).new_page()
        outsider.goto(checkin_url)
        log_in(outsider, tree.tenant.name, personas.sibling_chair.staff_no)
        expect(outsider.get_by_test_id("checkin-error")).to_contain_text("您不是「文学与传播学院」的会员")

        chair.get_by_role("link", name="返回").click()
        expect(chair.get_by_test_id("attendance-rate")).to_have_text("50%")  # 2 of 4 active members

    attendances = Attendance.objects.filter(meeting=meeting)
    assert sorted(a.member.name for a in attendances) == ["普通会员", "第二会员"]
    assert {a.method for a in attendances} == {AttendanceMethod.CHECKIN}
