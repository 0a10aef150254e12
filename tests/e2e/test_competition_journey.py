"""Browser journey of a teaching competition (seed §三, issue 16): the office sets up the final and a
preliminary panel per group feeding it (round, group, places, the overtime rule, the default rubric),
draws the humanities group's order, starts the first lecture; a judge on a phone sees who is on
stage and scores during the lecture; the timekeeper types the lecture's time (21:01: two minutes
over, 2 points off); the office's live scoreboard and the projector follow without a reload; once
every sheet is in, the office promotes the group's best to the final. Run with the tenant guard
raising."""

import re

import pytest
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.selections.models import Entry
from chuangxian.selections.models_scoring import Panel, PanelEntry
from chuangxian.selections.services import panel_entries_set, panel_judges_set
from chuangxian.selections.tests.factories_competition import score_all
from chuangxian.selections.tests.factories_judging import judge, scoring_selection, to_scoring
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _panel_form(page, name, *, round_label, group="", target="", places=""):
    page.get_by_label("评审组名称").fill(name)
    page.get_by_label("轮次").select_option(label=round_label)
    if group:
        page.get_by_label("组别").fill(group)
        page.get_by_label("晋级到").select_option(label=target)
        page.get_by_label("入选名额").fill(places)
        page.get_by_label("规定时长（分钟）").fill("20")
        page.get_by_label("每超时一分钟扣分").fill("1")
        page.get_by_label("超时扣分上限").fill("5")
        page.get_by_label("宽限时间（秒）").fill("30")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/selections/panels/\d+/$"))


def test_a_teaching_competition_from_the_draw_to_the_final(new_context, tree, personas, settings):
    settings.TENANT_QUERY_CHECK = "raise"
    selection = scoring_selection(
        make_campaign(tree.tenant),
        [tree.college, tree.sibling, tree.library, tree.library],
        title="2011年青年教师教学竞赛",
    )
    entries = list(Entry.objects.filter(tenant_id=tree.tenant.pk, selection=selection).order_by("pk"))
    judges = [judge(tree.root, name) for name in ("陈评委", "林评委", "黄评委")]

    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto(f"/selections/{selection.pk}/panels/new/")
    _panel_form(office, "决赛", round_label="决赛")
    final = Panel.objects.get(tenant_id=tree.tenant.pk, selection=selection, name="决赛")
    office.goto(f"/selections/{selection.pk}/panels/new/")
    _panel_form(office, "人文社科组初赛", round_label="初赛", group="人文社科", target="决赛", places="1")
    expect(office.get_by_test_id("competition-settings")).to_contain_text("人文社科")
    expect(office.get_by_test_id("competition-settings")).to_contain_text("晋级到：决赛")
    office.get_by_role("button", name=re.compile("使用教学竞赛默认评分细则")).click()
    expect(office.get_by_test_id("rubric")).to_contain_text("课堂教学 0–80")
    humanities = Panel.objects.get(tenant_id=tree.tenant.pk, selection=selection, name="人文社科组初赛")
    office.goto(f"/selections/{selection.pk}/panels/new/")
    _panel_form(office, "自然科学组初赛", round_label="初赛", group="自然科学", target="决赛", places="1")
    sciences = Panel.objects.get(tenant_id=tree.tenant.pk, selection=selection, name="自然科学组初赛")
    office.get_by_role("button", name=re.compile("使用教学竞赛默认评分细则")).click()
    panel_entries_set(panel=humanities, entries=entries[:2], actor=SYSTEM)
    panel_entries_set(panel=sciences, entries=entries[2:], actor=SYSTEM)
    for panel in (humanities, sciences, final):
        panel_judges_set(panel=panel, members=[member for _user, member in judges], actor=SYSTEM)

    # The draw, recorded with its seed.
    office.goto(f"/selections/panels/{humanities.pk}/")
    office.get_by_role("link", name="抽签").click()
    office.get_by_role("button", name="抽签").click()
    expect(office.get_by_test_id("draw-seed")).to_contain_text(f"S{selection.pk}-R2-P{humanities.pk}-")
    seed = Panel.objects.get(pk=humanities.pk).draw_seed
    first = PanelEntry.objects.select_related("entry").get(panel=humanities, position=1)
    second = PanelEntry.objects.select_related("entry").get(panel=humanities, position=2)
    expect(office.get_by_test_id("draw-order").locator("tbody tr").first).to_contain_text(
        first.entry.candidate_name
    )
    assert seed in office.get_by_test_id("draw-record").inner_text()

    # The lecture starts; the office's scoreboard and the projector are open beside it.
    to_scoring(selection)
    office.goto(f"/selections/panels/{humanities.pk}/lectures/")
    office.get_by_test_id("lectures").get_by_role("button", name="开始讲课").first.click()
    expect(office.get_by_test_id("on-stage")).to_contain_text(first.entry.candidate_name)
    board = office.context.new_page()
    board.goto(f"/selections/panels/{humanities.pk}/scoreboard/")
    board.evaluate("window.notReloaded = true")
    expect(board.get_by_test_id("board-sheets")).to_contain_text("评分表 0 / 6")
    expect(board.get_by_test_id("board-on-stage")).to_contain_text(first.entry.candidate_name)
    projector = office.context.new_page()
    projector.goto(f"/selections/panels/{humanities.pk}/projector/")
    projector.evaluate("window.notReloaded = true")
    expect(projector.locator("nav")).to_have_count(0)
    expect(projector.get_by_test_id("board-on-stage")).to_contain_text(first.entry.candidate_name)

    # A judge on a phone sees who is on stage and scores during the lecture.
    phone = new_context(phone=True).new_page()
    log_in(phone, tree.tenant.name, judges[0][0].staff_no)
    phone.goto("/selections/judging/")
    phone.get_by_role("link", name="人文社科组初赛").click()
    expect(phone.get_by_test_id("judge-on-stage")).to_contain_text(
        f"正在讲课：第 1 位 {first.entry.candidate_name}"
    )
    assert fits(phone)
    phone.get_by_role("link", name=first.entry.candidate_name).click()
    phone.get_by_label("教学设计（0–15）").fill("13")
    phone.get_by_label("课堂教学（0–80）").fill("75.5")
    phone.get_by_label("教学反思（0–5）").fill("4")
    assert fits(phone)
    phone.get_by_role("button", name="提交评分").click()
    expect(phone.get_by_test_id("judge-entries")).to_contain_text("已提交 92.5")

    # The scoreboard follows without a reload: one sheet in, the running score marked.
    expect(board.get_by_test_id("board-sheets")).to_contain_text("评分表 1 / 6")
    expect(board.get_by_test_id("board-rows")).to_contain_text("92.50")
    expect(board.get_by_test_id("board-rows")).to_contain_text("评分中")
    expect(projector.get_by_test_id("board-rows")).to_contain_text("1/3")
    expect(projector.get_by_test_id("board-rows")).not_to_contain_text("92.50")

    # The timekeeper types the time: 21:01 is 61 s over 20 minutes, past the 30 s grace: 2 points.
    office.get_by_test_id("lectures").locator(".list-group-item").first.locator("summary").click()
    office.get_by_label("用时（分:秒）").first.fill("21:01")
    office.get_by_role("button", name="保存用时").first.click()
    expect(office.locator("main")).to_contain_text("已记录用时 21:01，扣 2.0 分")
    expect(phone.get_by_test_id("judge-on-stage")).to_contain_text("现在没有人在讲课", timeout=15_000)
    expect(board.get_by_test_id("board-rows")).to_contain_text("−2.0")
    expect(board.get_by_test_id("board-rows")).to_contain_text("90.50")

    # The other judges' sheets come in: the projector shows the final score, and the rank.
    score_all(
        humanities, judges[1:], {first.entry_id: ("13", "75.5", "4"), second.entry_id: ("12", "70", "4")}
    )
    score_all(humanities, judges[:1], {second.entry_id: ("12", "70", "4")})
    expect(board.get_by_test_id("board-sheets")).to_contain_text("评分表 6 / 6")
    expect(
        projector.get_by_test_id("board-rows").locator("tr", has_text=first.entry.candidate_name)
    ).to_contain_text("90.50")
    expect(projector.get_by_test_id("board-rows")).to_contain_text("86.00")
    assert board.evaluate("window.notReloaded") and projector.evaluate("window.notReloaded")

    # The group's best goes on to the final.
    office.goto(f"/selections/panels/{humanities.pk}/")
    office.get_by_role("button", name=re.compile("确定晋级名单")).click()
    expect(office.locator("main")).to_contain_text("已确定晋级名单")
    assert list(PanelEntry.objects.filter(panel=final).values_list("entry_id", flat=True)) == [first.entry_id]
    office.goto(f"/selections/panels/{final.pk}/lectures/")
    expect(office.get_by_test_id("lectures")).to_contain_text(first.entry.candidate_name)
