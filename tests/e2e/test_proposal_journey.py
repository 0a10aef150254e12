"""Browser journey of a proposal (issue 17): a representative drafts a proposal on a phone and invites
two representatives, who confirm on their phones; the proposer submits; the committee (the office)
accepts it (No. 1) and assigns it to the library; the library's handling office answers; the proposer
rates 不满意; it is answered again and rated 满意; the session's statistics change. Run with the tenant
guard raising."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from chuangxian.core import clock
from chuangxian.proposals.models import Proposal, Status
from chuangxian.proposals.tests.factories import congressmen
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_proposal_goes_from_draft_to_satisfaction(new_context, tree, personas, settings):
    settings.TENANT_QUERY_CHECK = "raise"
    world = congressmen(tree)
    session_url = f"/proposals/sessions/{world.session.pk}/"

    proposer = new_context(phone=True).new_page()
    log_in(proposer, tree.tenant.name, world.proposer.staff_no)
    proposer.goto("/proposals/")
    proposer.get_by_test_id("sessions").get_by_role("link").first.click()
    proposer.get_by_role("link", name="提出提案").click()
    proposer.fill("input[name=title]", "关于改善青年教师住房条件的提案")
    proposer.get_by_role("button", name="保存草稿").click()
    expect(proposer.locator("main")).to_contain_text("必填")
    proposer.select_option("select[name=category]", label="后勤保障")
    proposer.fill("textarea[name=reasons]", "青年教师租房负担重。")
    proposer.fill("textarea[name=suggestions]", "扩建周转房，提高住房补贴。")
    proposer.get_by_role("button", name="保存草稿").click()
    expect(proposer.get_by_test_id("status")).to_have_text("草稿")
    assert fits(proposer)
    search = proposer.locator("#id_members-ts-control")
    for user in world.cosigners:
        search.fill(user.staff_no)
        proposer.locator("#id_members-ts-dropdown").get_by_role(
            "option", name=f"{user.display_name}（{user.staff_no}）"
        ).click()
    expect(proposer.locator(".ts-wrapper .item")).to_have_count(2)
    proposer.evaluate("document.activeElement && document.activeElement.blur()")
    proposer.get_by_role("button", name="邀请附议").click()
    expect(proposer.get_by_test_id("cosigners")).to_contain_text("待确认")
    proposer.get_by_role("button", name="提交提案").click()
    expect(proposer.locator("main")).to_contain_text("已确认 0 名")

    for user in world.cosigners:
        phone = new_context(phone=True).new_page()
        log_in(phone, tree.tenant.name, user.staff_no)
        phone.goto("/proposals/")
        phone.get_by_test_id("invitations").get_by_role("link").click()
        phone.get_by_role("button", name="确认附议").click()
        expect(phone.locator("main")).to_contain_text("已确认附议")
    proposer.reload()
    proposer.get_by_role("button", name="提交提案").click()
    expect(proposer.get_by_test_id("status")).to_have_text("已提交，待审查")
    proposal = Proposal.objects.get(tenant_id=tree.tenant.pk)

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto(f"/proposals/{proposal.pk}/")
    office.get_by_label("立案", exact=True).check()
    office.get_by_role("button", name="记录审查结论").click()
    expect(office.locator("h1")).to_contain_text("第 1 号提案")
    office.select_option("select[name=lead]", label="图书馆")
    office.get_by_role("button", name="交办").click()
    expect(office.get_by_test_id("status")).to_have_text("办理中")

    handler = new_context().new_page()
    log_in(handler, tree.tenant.name, world.handler.staff_no)
    handler.goto("/proposals/")
    handler.get_by_test_id("to-handle").get_by_role("link").click()
    handler.get_by_label("C 类：因条件限制，作解释说明").check()
    handler.fill("textarea[name=text]", "受编制所限，暂无法解决。")
    handler.get_by_role("button", name="提交答复").click()
    expect(handler.get_by_test_id("status")).to_have_text("已答复，待评价")

    proposer.goto(f"/proposals/{proposal.pk}/")
    proposer.get_by_label("不满意").check()
    proposer.get_by_role("button", name="提交评价").click()
    expect(proposer.locator("main")).to_contain_text("不满意时请写明理由")
    proposer.get_by_label("不满意").check()
    proposer.fill("textarea[name=note]", "未回应住房补贴问题")
    proposer.get_by_role("button", name="提交评价").click()
    expect(proposer.get_by_test_id("status")).to_have_text("办理中")

    handler.reload()
    handler.get_by_label("B 类：列入计划，逐步解决").check()
    handler.fill("textarea[name=text]", "明年起提高住房补贴标准。")
    handler.fill("input[name=done_by]", (clock.today() + timedelta(days=200)).isoformat())
    handler.get_by_role("button", name="提交答复").click()
    expect(handler.get_by_test_id("status")).to_have_text("已答复，待评价")

    proposer.reload()
    proposer.get_by_label("满意", exact=True).check()
    proposer.get_by_role("button", name="提交评价").click()
    expect(proposer.get_by_test_id("status")).to_have_text("已办结")
    assert Proposal.objects.get(pk=proposal.pk).status == Status.CLOSED

    office.goto(session_url)
    expect(office.get_by_test_id("stats")).to_contain_text("收到提案")
    expect(office.get_by_test_id("satisfaction")).to_have_text("100.0%")
    expect(office.get_by_test_id("on-time")).to_have_text("100.0%")
