"""Browser journey on phones over the shared review cycle (issue 12): a member submits a pledge, the
chair returns it with a comment, the member revises and resubmits, the chair publishes it, and the
pledge's 修改记录/对比 page shows both versions, what changed and the chair's decisions. Run with the
tenant guard raising, so every query the pages make says its tenant."""

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.pledges.models import Pledge, PledgeStatus

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.goto("/accounts/login/")
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_returned_pledge_is_revised_and_its_history_shows_both_versions(
    new_context, tree, personas, settings
):
    settings.TENANT_QUERY_CHECK = "raise"
    make_campaign(tree.tenant)
    with time_machine.travel("2011-03-20 14:05 +0800", tick=True):
        member = new_context(phone=True).new_page()
        log_in(member, tree.tenant.name, personas.member.staff_no)
        member.goto("/pledges/write/")
        member.select_option("select[name=type]", "post")
        member.fill("textarea[name=content]", "本学期每周答疑两次")
        member.fill("input[name=due_on]", "2011-07-01")
        member.fill("textarea[name=check_standard]", "学生评教优良")
        member.get_by_role("button", name="提交审核").click()
        expect(member.get_by_test_id("pledge-status")).to_contain_text("待审核")
        pledge = Pledge.objects.get(member=personas.member_row)

        chair = new_context(phone=True).new_page()
        log_in(chair, tree.tenant.name, personas.chair.staff_no)
        chair.goto(f"/pledges/{pledge.pk}/")
        chair.get_by_label("退回修改").check()
        chair.fill("textarea[name=comment]", "请写明指导几名青年教师")
        chair.get_by_role("button", name="提交审核结果").click()
        expect(chair.get_by_test_id("pledge-status")).to_contain_text("已退回")

        member.goto("/pledges/write/")
        expect(member.get_by_text("请写明指导几名青年教师")).to_be_visible()
        member.fill("textarea[name=content]", "本学期每周答疑两次，指导两名青年教师")
        member.get_by_role("button", name="提交审核").click()
        expect(member.get_by_test_id("pledge-status")).to_contain_text("待审核")

        chair.goto(f"/pledges/{pledge.pk}/")
        chair.get_by_label("通过并公示").check()
        chair.get_by_role("button", name="提交审核结果").click()
        expect(chair.get_by_test_id("pledge-status")).to_contain_text("已公示")

        member.goto(f"/pledges/{pledge.pk}/")
        member.get_by_role("link", name="修改记录/对比").click()
        expect(member.get_by_test_id("revision")).to_have_count(2)
        expect(member.locator("ins").filter(has_text="指导两名青年教师")).to_have_count(1)
        expect(member.get_by_text("请写明指导几名青年教师")).to_be_visible()
        assert fits(member)

    pledge.refresh_from_db()
    assert pledge.status == PledgeStatus.PUBLISHED
