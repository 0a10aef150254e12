"""Browser journey of school-affairs disclosure (校务公开, issue 17): the office publishes an item to
one college on a desktop; a member of that college reads it on a phone and asks a question under
their real name; a member of another college neither finds it in the list nor opens it; the
responsible office answers in writing; the asker sees the answer. Run with the tenant guard
raising."""

import pytest
from playwright.sync_api import expect

from chuangxian.disclosure.models import DisclosureItem, Feedback
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "文学与传播学院2026年度绩效分配细则"


def test_an_item_for_one_college_is_asked_about_and_answered(new_context, tree, personas, settings):
    settings.TENANT_QUERY_CHECK = "raise"
    outsider = make_user(MemberFactory(unit=tree.sibling, name="数计会员"))

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto("/disclosure/")
    office.get_by_test_id("new").click()
    office.get_by_role("button", name="发布").click()  # empty: every problem at once
    form = office.get_by_test_id("item-form")
    expect(form).to_contain_text("请选择责任部门。")
    office.fill("input[name=title]", TITLE)
    office.fill("textarea[name=body]", "经学院教代会审议通过，现予公开，请教职工监督。")
    office.select_option("select[name=category]", label="切身利益")
    office.select_option("select[name=mode]", label="即时公开")
    office.get_by_label("知情权").check()
    office.get_by_label("监督权").check()
    office.select_option("select[name=units]", value=str(tree.college.pk))
    office.select_option("select[name=responsible_unit]", value=str(tree.root.pk))
    office.get_by_role("button", name="发布").click()
    expect(office.get_by_role("heading", name=TITLE)).to_be_visible()
    expect(office.get_by_test_id("item-rights")).to_contain_text("知情权")
    item = DisclosureItem.objects.get(tenant_id=tree.tenant.pk)
    assert not item.whole_school

    member = new_context(phone=True).new_page()
    log_in(member, tree.tenant.name, personas.member.staff_no)
    member.goto("/disclosure/")
    assert fits(member)
    member.get_by_test_id("items").get_by_role("link", name=TITLE).click()
    expect(member.get_by_test_id("body")).to_contain_text("请教职工监督")
    member.fill("textarea[name=text]", "绩效分配中的教学工作量按什么标准折算？")
    member.get_by_role("button", name="实名提交").click()
    feedback = member.get_by_test_id("feedback")
    expect(feedback).to_contain_text("普通会员")
    expect(feedback).to_contain_text("待答复")
    assert fits(member)

    stranger = new_context(phone=True).new_page()
    log_in(stranger, tree.tenant.name, outsider.staff_no)
    stranger.goto("/disclosure/")
    expect(stranger.get_by_test_id("items")).not_to_contain_text(TITLE)
    response = stranger.goto(f"/disclosure/{item.pk}/")
    assert response is not None and response.status == 404

    question = Feedback.objects.get(tenant_id=tree.tenant.pk)
    office.goto(f"/disclosure/{item.pk}/")
    office.fill(f"textarea[name=q{question.pk}-answer]", "按学校教学工作量核算办法折算，详见第三条。")
    office.get_by_role("button", name="书面答复").click()
    expect(office.get_by_test_id("feedback")).to_contain_text("已答复")

    member.goto(f"/disclosure/{item.pk}/")
    expect(member.get_by_test_id("answer")).to_contain_text("按学校教学工作量核算办法折算")
    expect(member.get_by_test_id("answer")).to_contain_text("校工会答复")
    assert fits(member)
