"""Browser journey on phones (seed §六(二)): a member signs up for an activity and checks in by
scanning the venue's QR code, then writes a pledge; the chair reviews and publishes it; the unit's
coverage page moves at each step."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.activities.models import Attendance, AttendanceMethod
from chuangxian.activities.tests.factories import at, make_activity
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.pledges.models import Pledge, PledgeStatus
from tests.e2e.conftest import open_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_member_takes_part_and_the_chair_sees_coverage_move(new_context, tree, personas):
    campaign = make_campaign(tree.tenant)
    with time_machine.travel("2011-03-20 13:50 +0800", tick=False):
        activity = make_activity(
            campaign,
            tree.college,
            personas.chair,
            title="青年教师教学竞赛",
            signup_opens_at=at("2011-03-01 08:00"),
            signup_closes_at=at("2011-03-20 17:00"),
            starts_at=at("2011-03-20 14:00"),
            ends_at=at("2011-03-20 17:00"),
            whole_tenant=False,
            audience_units=[tree.college],
        )
    with time_machine.travel("2011-03-20 14:05 +0800", tick=True):
        # The chair opens the unit's coverage: nobody of the three has taken part yet.
        chair = new_context(phone=True).new_page()
        chair.goto("/accounts/login/")
        log_in(chair, tree.tenant.name, personas.chair.staff_no)
        open_menu(chair)
        chair.get_by_role("link", name="参与覆盖").click()
        expect(chair.get_by_test_id("figure-activity")).to_have_text("0/3")
        expect(chair.get_by_test_id("figure-pledge")).to_have_text("0/3")
        assert fits(chair)

        # The member, on a phone, follows the home page's to-do to the activity and signs up.
        member = new_context(phone=True).new_page()
        member.goto("/accounts/login/")
        log_in(member, tree.tenant.name, personas.member.staff_no)
        member.get_by_role("link", name="您还没有参加过活动").click()
        member.get_by_role("link", name="青年教师教学竞赛").click()
        member.get_by_role("button", name="报名").click()
        expect(member.get_by_test_id("my-status")).to_contain_text("已报名")

        # At the venue the chair shows the rotating QR code; the member scans it.
        chair.goto(f"/activities/{activity.pk}/organise/")
        chair.get_by_role("link", name="扫码签到").click()
        qr = chair.locator("img.checkin-qr")
        expect(qr).to_be_visible()
        checkin_url = qr.get_attribute("data-checkin-url")
        assert checkin_url and f"/activities/{activity.pk}/checkin/?code=" in checkin_url
        member.goto(checkin_url)
        expect(member.get_by_test_id("checkin-status")).to_have_text("签到成功")
        assert fits(member)

        # A forged code is refused with a message.
        member.goto(f"/activities/{activity.pk}/checkin/?code=forged")
        expect(member.get_by_test_id("checkin-error")).to_be_visible()

        # Then the member writes a pledge from the to-do and submits it for review.
        member.goto("/")
        member.get_by_role("link", name="您还没有提交承诺").click()
        member.select_option("select[name=type]", "post")
        member.fill("textarea[name=content]", "本学期每周答疑两次，指导两名青年教师")
        member.fill("input[name=due_on]", "2011-07-01")
        member.fill("textarea[name=check_standard]", "学生评教优良率达到 90%")
        member.get_by_role("button", name="提交审核").click()
        expect(member.get_by_test_id("pledge-status")).to_contain_text("待审核")

        # The chair's coverage: one attended, the pledge not yet counted (it is in review).
        chair.goto("/coverage/")
        expect(chair.get_by_test_id("figure-activity")).to_have_text("1/3")
        expect(chair.get_by_test_id("figure-pledge")).to_have_text("0/3")
        row = chair.locator(f"[data-testid=missing-member][data-staff-no='{personas.member.staff_no}']")
        expect(row).to_contain_text("待审核")
        expect(row).to_contain_text("已参加活动")

        # The chair reviews and publishes it.
        chair.get_by_role("link", name="审核承诺").click()
        chair.get_by_role("link", name="普通会员").click()
        chair.get_by_label("通过并公示").check()
        chair.get_by_role("button", name="提交审核结果").click()
        expect(chair.get_by_test_id("pledge-status")).to_contain_text("已公示")

        # Coverage moves: the member is no longer missing anything.
        chair.goto("/coverage/")
        expect(chair.get_by_test_id("figure-pledge")).to_have_text("1/3")
        expect(row).to_have_count(0)
        chair.get_by_role("link", name=re.compile("查看未公示承诺的 2 人")).click()
        expect(chair.get_by_test_id("missing-member")).to_have_count(2)
        assert fits(chair)

    pledge = Pledge.objects.get(member=personas.member_row)
    assert pledge.status == PledgeStatus.PUBLISHED
    attendance = Attendance.objects.get(activity=activity)
    assert (attendance.member_id, attendance.method) == (personas.member_row.pk, AttendanceMethod.CHECKIN)
