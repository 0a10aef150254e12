"""Browser journey of the democratic recommendation (民主推荐): at a selection's poll stage the office
starts it on a phone (the form reports every problem at once), opens the poll on the voting engine's
page, three members of the library vote on their phones, the office closes, counts and publishes
there; the selection page shows who is recommended with their votes, the office moves the selection
on and the candidate not recommended shows 未通过 with its reason. Run with the tenant guard raising."""

import pytest
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.selections.models import Entry, EntryStatus
from chuangxian.selections.services.poll import option_label
from chuangxian.selections.tests.factories_poll import poll_selection, to_poll, voters_in
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_office_runs_the_democratic_recommendation_and_moves_the_selection_on(
    new_context, tree, personas, settings
):
    settings.TENANT_QUERY_CHECK = "raise"
    selection, entries = poll_selection(
        make_campaign(tree.tenant),
        [(tree.college, "张老师"), (tree.college, "李老师"), (tree.sibling, "王老师")],
    )
    selection = to_poll(selection)
    zhang, li, wang = (option_label(e.candidate_name, e.nominating_unit.name) for e in entries)
    voters = voters_in(tree.library, 3)

    office = new_context(phone=True).new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto(f"/selections/{selection.pk}/")
    office.get_by_role("link", name="发起民主推荐").click()
    expect(office.get_by_test_id("poll-candidates")).to_contain_text(wang)
    expect(office.get_by_label("投票名称")).to_have_value("2011年度先进个人 民主推荐")
    office.get_by_label("推荐名额").fill("4")
    office.get_by_label("选定单位的会员").check()
    office.get_by_role("button", name="建立民主推荐投票").click()
    expect(office.locator("main")).to_contain_text("推荐名额不能多于推荐对象数（3）。")
    expect(office.locator("main")).to_contain_text("请选择参加投票的单位。")
    assert fits(office)
    office.get_by_label("推荐名额").fill("2")
    office.get_by_label("图书馆").check()
    office.get_by_role("button", name="建立民主推荐投票").click()
    expect(office.get_by_test_id("poll-status")).to_contain_text("草稿")
    office.get_by_role("link", name="开始投票").click()
    office.get_by_role("button", name="确认开启").click()
    expect(office.get_by_test_id("poll-status")).to_contain_text("投票中")
    expect(office.get_by_test_id("electorate")).to_have_text("3")

    for (user, _member), picks in zip(voters, ([zhang, li], [zhang, li], [zhang, wang]), strict=True):
        phone = new_context(phone=True).new_page()
        log_in(phone, tree.tenant.name, user.staff_no)
        phone.get_by_role("link", name="请投票：2011年度先进个人 民主推荐").click()
        for label in picks:
            phone.get_by_label(label).check()
        phone.get_by_role("button", name="下一步：确认").click()
        phone.get_by_role("button", name="确认投票").click()
        expect(phone.get_by_test_id("receipt")).to_be_visible()
        assert fits(phone)

    # Closing, counting and publishing are the voting engine's own (its journeys cover them).
    office.reload()
    office.fill("textarea[name=reason]", "投票人已全部投票")
    office.get_by_role("button", name="截止投票").click()
    office.get_by_role("button", name="计票").click()
    office.get_by_role("button", name="公布结果").click()
    expect(office.get_by_test_id("poll-status")).to_contain_text("已公布")

    office.goto(f"/selections/{selection.pk}/")
    result = office.get_by_test_id("poll-result")
    expect(result.locator("li").nth(0)).to_contain_text(zhang)
    expect(result.locator("li").nth(0)).to_contain_text("3 票")
    expect(result.locator("li").nth(0)).to_contain_text("获推荐")
    expect(result.locator("li").nth(2)).to_contain_text(wang)
    expect(result.locator("li").nth(2)).to_contain_text("未获推荐")
    assert fits(office)
    office.get_by_role("button", name="进入下一环节：结果公布").click()
    expect(office.get_by_test_id("stages").locator(".text-bg-primary")).to_contain_text("结果公布")
    office.get_by_test_id("entries").get_by_role("link", name=entries[2].candidate_name).click()
    expect(office.get_by_test_id("status")).to_have_text("未通过")
    expect(office.locator("main")).to_contain_text("民主推荐未获推荐（得票 1 票，推荐 2 名）")
    assert fits(office)
    statuses = dict(Entry.objects.filter(tenant_id=tree.tenant.pk).values_list("candidate_name", "status"))
    assert statuses == {
        entries[0].candidate_name: EntryStatus.NOMINATED,
        entries[1].candidate_name: EntryStatus.NOMINATED,
        entries[2].candidate_name: EntryStatus.REMOVED,
    }
