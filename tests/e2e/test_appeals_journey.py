"""Browser journey of the appeals box (诉求, issue 17 point 5): a member submits an appeal on a phone,
hidden from the handler; the college chair accepts, asks for more on a desktop and answers without
ever seeing the name; the member rates 不满意; the chair answers again; the member rates 满意; the
office links the appeal to a ledger entry (办实事) that the member then reads. Run with the tenant
guard raising."""

import pytest
from playwright.sync_api import expect

from chuangxian.appeals.models import Appeal, AppealStatus
from chuangxian.orgs.models import Member
from tests.e2e.conftest import open_menu
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
NAME = "欧阳隐名"


def test_an_anonymous_appeal_is_answered_rated_answered_again_and_put_in_the_ledger(
    new_context, tree, personas, settings
):
    settings.TENANT_QUERY_CHECK = "raise"
    Member.objects.filter(pk=personas.member_row.pk, tenant_id=tree.tenant.pk).update(name=NAME)

    member = new_context(phone=True).new_page()
    log_in(member, tree.tenant.name, personas.member.staff_no)
    open_menu(member)
    member.locator("#nav").get_by_role("link", name="诉求", exact=True).click()
    member.get_by_role("link", name="提出诉求").click()
    member.get_by_role("button", name="提交诉求").click()  # every problem at once
    form = member.get_by_test_id("appeal-form")
    expect(form).to_contain_text("请填写诉求的主题")
    expect(form).to_contain_text("请写明诉求的具体内容")
    assert fits(member)
    member.fill("input[name=subject]", "实验楼三楼空调不制冷")
    member.select_option("select[name=category]", label="工作条件")
    expect(member.locator("select[name=unit] option:checked")).to_have_text("文学与传播学院")
    member.fill("textarea[name=text]", "302 实验室空调坏了两个月，请尽快维修。")
    member.get_by_label("对承办人匿名").check()
    member.get_by_role("button", name="提交诉求").click()
    expect(member.get_by_test_id("status")).to_have_text("待受理")
    assert fits(member)
    appeal = Appeal.objects.get(tenant_id=tree.tenant.pk)
    url = f"/appeals/{appeal.pk}/"

    chair = new_context().new_page()
    log_in(chair, tree.tenant.name, personas.chair.staff_no)
    chair.goto("/appeals/inbox/")
    inbox = chair.get_by_test_id("inbox")
    expect(inbox).to_contain_text("匿名教职工")
    inbox.get_by_role("link", name="实验楼三楼空调不制冷").click()
    expect(chair.get_by_test_id("submitter")).to_have_text("匿名教职工")
    chair.get_by_role("button", name="受理").click()
    expect(chair.get_by_test_id("status")).to_have_text("办理中")
    chair.fill("form[data-testid=message-form] textarea[name=text]", "请问空调的资产编号是多少？")
    chair.get_by_role("button", name="发送留言").click()
    expect(chair.get_by_test_id("thread")).to_contain_text("请问空调的资产编号")

    member.goto(url)
    member.fill("form[data-testid=message-form] textarea[name=text]", "编号 KT-302-01。")
    member.get_by_role("button", name="发送留言").click()
    expect(member.get_by_test_id("thread")).to_contain_text("KT-302-01")

    chair.goto(url)
    expect(chair.get_by_test_id("thread")).to_contain_text("匿名教职工")
    chair.fill("form[data-testid=answer-form] textarea[name=text]", "已报后勤处维修。")
    chair.get_by_role("button", name="提交答复").click()
    expect(chair.get_by_test_id("status")).to_have_text("已答复，待评价")
    assert NAME not in chair.content()

    member.goto(url)
    expect(member.get_by_test_id("answer-1")).to_contain_text("已报后勤处维修。")
    member.get_by_label("不满意").check()
    member.fill("input[name=comment]", "报修后仍未修好")
    member.get_by_role("button", name="提交评价").click()
    expect(member.get_by_test_id("status")).to_have_text("办理中")
    expect(member.get_by_test_id("due")).to_contain_text("第二轮")

    chair.goto(url)
    chair.fill("form[data-testid=answer-form] textarea[name=text]", "已更换新空调，经试用制冷正常。")
    chair.get_by_role("button", name="提交答复").click()
    expect(chair.get_by_test_id("answer-2")).to_contain_text("已更换新空调")
    assert NAME not in chair.content()

    member.goto(url)
    member.get_by_label("满意", exact=True).check()
    member.get_by_role("button", name="提交评价").click()
    expect(member.get_by_test_id("status")).to_have_text("已办结")
    expect(member.get_by_test_id("rating")).to_have_text("满意")
    assert Appeal.objects.get(pk=appeal.pk, tenant_id=tree.tenant.pk).status == AppealStatus.CLOSED

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto("/appeals/stats/")
    expect(office.get_by_test_id("by-unit")).to_contain_text("文学与传播学院")
    expect(office.get_by_test_id("by-category")).to_contain_text("100.0%")
    office.goto("/appeals/ledger/")
    office.get_by_role("link", name="登记办实事").click()
    office.fill("input[name=title]", "更换实验楼空调")
    office.fill("input[name=beneficiaries]", "60")
    office.fill("textarea[name=description]", "更换实验楼三楼空调 6 台。")
    office.get_by_label("实验楼三楼空调不制冷", exact=False).check()
    office.get_by_role("button", name="保存").click()
    expect(office.get_by_test_id("matter-appeals")).to_contain_text("实验楼三楼空调不制冷")
    assert NAME not in office.content()

    member.goto(url)
    member.get_by_role("link", name="更换实验楼空调").click()
    expect(member.get_by_test_id("matter-appeals")).to_contain_text(appeal.number)
    assert fits(member)
