"""Browser journey of the judges' scoring (issue 16): a judge of 文学与传播学院 opens their panel on a
phone, sees the college's own nominee as recused with the reason, scores two other entries (a mark
out of range is refused naming the item and its range; a draft; a submission that locks the sheet);
the office sees the results on its panel page. Run with the tenant guard raising."""

import pytest
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.selections.models import Entry
from chuangxian.selections.models_scoring import Sheet, SheetStatus
from chuangxian.selections.tests.factories_judging import judge, make_panel, scoring_selection, to_scoring
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_a_judge_scores_two_entries_on_a_phone_and_submits(new_context, tree, personas, settings):
    settings.TENANT_QUERY_CHECK = "raise"
    selection = scoring_selection(make_campaign(tree.tenant), [tree.college, tree.sibling, tree.library])
    judge_user, judge_member = judge(tree.college, "陈评委")
    panel = make_panel(selection, [judge_member])
    to_scoring(selection)

    phone = new_context(phone=True).new_page()
    log_in(phone, tree.tenant.name, judge_user.staff_no)
    phone.goto("/selections/judging/")
    phone.get_by_role("link", name=panel.name).click()
    expect(phone.get_by_test_id("recused")).to_contain_text("评委与参评对象同属“文学与传播学院”，须回避。")
    assert fits(phone)

    for number, (name, marks) in enumerate(
        [("数学与计算机科学学院候选人", ("58.5", "36")), ("图书馆候选人", ("50", "30"))]
    ):
        phone.get_by_role("link", name=name).click()
        if number == 0:
            phone.get_by_label("事迹材料（0–60）").fill("61")
            phone.get_by_label("现场陈述（10–40）").fill("9.5")
            phone.get_by_role("button", name="提交评分").click()
            expect(phone.locator("main")).to_contain_text("“事迹材料”的分数应在 0–60 分之间，您填写的是 61")
            expect(phone.locator("main")).to_contain_text("“现场陈述”的分数应在 10–40 分之间，您填写的是 9.5")
            assert fits(phone)
            phone.get_by_label("事迹材料（0–60）").fill(marks[0])
            phone.get_by_label("现场陈述（10–40）").fill("")
            phone.get_by_role("button", name="保存草稿").click()
            expect(phone.get_by_label("事迹材料（0–60）")).to_have_value(marks[0])
        else:
            phone.get_by_label("事迹材料（0–60）").fill(marks[0])
        phone.get_by_label("现场陈述（10–40）").fill(marks[1])
        phone.get_by_role("button", name="提交评分").click()
        expect(phone.get_by_test_id("judge-entries")).to_contain_text("已提交")
        assert fits(phone)

    expect(phone.get_by_test_id("judge-entries")).to_contain_text("已提交 94.5")
    phone.get_by_role("link", name="数学与计算机科学学院候选人").click()
    expect(phone.get_by_test_id("locked")).to_contain_text("提交后不能再修改")
    expect(phone.get_by_role("button", name="提交评分")).to_have_count(0)
    entries = Entry.objects.filter(tenant_id=tree.tenant.pk, selection=selection)
    assert Sheet.objects.filter(tenant_id=tree.tenant.pk, status=SheetStatus.SUBMITTED).count() == 2
    assert entries.count() == 3

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto(f"/selections/panels/{panel.pk}/")
    expect(office.get_by_test_id("results")).to_contain_text("94.50")
    expect(office.get_by_test_id("recusals")).to_contain_text("陈评委")
