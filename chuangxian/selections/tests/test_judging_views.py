"""The judges' scoring pages: the office sets a panel up, a judge scores on a phone, the secretary's
board; who reaches what; the judge's and the secretary's pages read a fixed number of queries at two
sizes and none from their templates."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.core.actors import SYSTEM
from chuangxian.notifications.models import Notification
from chuangxian.selections.models import Entry
from chuangxian.selections.models_scoring import Panel, PanelEntry, RubricItem, Sheet, SheetStatus
from chuangxian.selections.services import panel_judges_set
from chuangxian.selections.tests.factories_judging import (
    judge,
    make_panel,
    row_of,
    score,
    scoring_selection,
    to_scoring,
)
from tests.template_queries import queries_in_templates


def _world(tree, campaign):
    selection = scoring_selection(campaign, [tree.college, tree.sibling])
    college_user, college_judge = judge(tree.college, "学院评委")
    root_user, root_judge = judge(tree.root, "校工会评委")
    panel = make_panel(selection, [college_judge, root_judge])
    to_scoring(selection)
    entries = {
        e.nominating_unit_id: e for e in Entry.objects.filter(tenant_id=tree.tenant.pk, selection=selection)
    }
    return panel, (college_user, root_user), entries[tree.college.pk], entries[tree.sibling.pk]


def test_the_office_sets_up_a_panel_from_its_pages(client, personas, tree, campaign):
    selection = scoring_selection(campaign, [tree.college, tree.sibling])
    client.force_login(personas.office)
    page = client.post(
        reverse("selections:panel_new", args=[selection.pk]),
        {"name": "第一评审组", "tie_break": "median,top_marks,decision"},
    )
    panel = Panel.objects.get(tenant_id=tree.tenant.pk, selection=selection)
    detail = client.get(reverse("selections:detail", args=[selection.pk])).text
    assert reverse("selections:panels", args=[selection.pk]) in detail
    assert "第一评审组" in client.get(reverse("selections:panels", args=[selection.pk]) + "?q=第一").text
    assert page.status_code == 302 and page["Location"] == reverse("selections:panel", args=[panel.pk])
    assert PanelEntry.objects.filter(tenant_id=tree.tenant.pk, panel=panel).count() == 2
    url = reverse("selections:panel_rubric", args=[panel.pk])
    page = client.post(
        url, {"name_0": "事迹", "maximum_0": "60.25", "name_1": "陈述", "minimum_1": "50", "maximum_1": "40"}
    )
    assert page.status_code == 400
    assert "“事迹”的分值范围应为最多一位小数的数字" in page.text
    assert "“陈述”的最高分应大于最低分" in page.text
    page = client.post(
        url,
        {
            "name_0": "事迹",
            "maximum_0": "60",
            "description_0": "事迹突出",
            "name_1": "陈述",
            "maximum_1": "40",
        },
    )
    assert page.status_code == 302
    assert [i.name for i in RubricItem.objects.filter(tenant_id=tree.tenant.pk, panel=panel)] == [
        "事迹",
        "陈述",
    ]
    _judge_user, judge_row = judge(tree.library, "图书馆评委")
    page = client.get(reverse("selections:panel_judges", args=[panel.pk]))
    assert "data-member-picker" in page.text
    assert (
        client.post(
            reverse("selections:panel_judges", args=[panel.pk]),
            {"judges": [personas.member_row.pk, judge_row.pk]},
        ).status_code
        == 302
    )
    board = client.get(reverse("selections:panel", args=[panel.pk])).text
    assert "图书馆评委" in board and "普通会员" in board
    assert "须回避" in board  # the member persona of 中文系工会小组 and the college's entry


def test_a_judge_scores_on_a_phone_and_the_sheet_locks(client, tree, campaign):
    panel, (college_user, _root_user), college_entry, sibling_entry = _world(tree, campaign)
    client.force_login(college_user)
    assert panel.name in client.get(reverse("selections:judging")).text
    page = client.get(reverse("selections:judge_panel", args=[panel.pk]))
    assert "评委与参评对象同属“文学与传播学院”，须回避。" in page.text
    found = client.get(reverse("selections:judge_panel", args=[panel.pk]) + "?q=数学").text
    assert sibling_entry.candidate_name in found and college_entry.candidate_name not in found
    assert "还有 1 个待提交" in found  # counted over the whole list, not the search
    assert (
        reverse("selections:judge_sheet", args=[panel.pk, row_of(panel, college_entry).pk]) not in page.text
    )
    own = client.post(
        reverse("selections:judge_sheet", args=[panel.pk, row_of(panel, college_entry).pk]), {"submit": ""}
    )
    assert own.status_code == 400 and "须回避" in own.text
    url = reverse("selections:judge_sheet", args=[panel.pk, row_of(panel, sibling_entry).pk])
    items = list(RubricItem.objects.filter(tenant_id=tree.tenant.pk, panel=panel))
    page = client.post(url, {items[0].key: "61", items[1].key: "abc", "submit": ""})
    assert page.status_code == 400
    assert "“事迹材料”的分数应在 0–60 分之间，您填写的是 61" in page.text
    assert "“现场陈述”的分数应是 10–40 之间的数字" in page.text
    assert client.post(url, {items[0].key: "55.5", "draft": ""}).status_code == 302
    assert "55.5" in client.get(url).text
    assert client.post(url, {items[0].key: "55.5", items[1].key: "38", "submit": ""}).status_code == 302
    sheet = Sheet.objects.get(tenant_id=tree.tenant.pk, panel_entry__entry=sibling_entry)
    assert sheet.status == SheetStatus.SUBMITTED and str(sheet.total) == "93.5"
    locked = client.get(url)
    assert "提交后不能再修改" in locked.text and "disabled" in locked.text
    again = client.post(url, {items[0].key: "10", items[1].key: "10", "submit": ""})
    assert again.status_code == 400 and "不能再修改" in again.text
    assert Sheet.objects.get(pk=sheet.pk).total == sheet.total


def test_only_the_panels_judges_reach_its_judge_pages_and_only_the_office_its_board(
    client, personas, tree, campaign
):
    panel, (_college_user, root_user), _college, sibling_entry = _world(tree, campaign)
    other = make_panel(panel.selection, [], name="第二评审组")
    other_user, other_judge = judge(tree.root, "第二组评委")
    panel_judges_set(panel=other, members=[other_judge], actor=SYSTEM)
    sheet_url = reverse("selections:judge_sheet", args=[panel.pk, row_of(panel, sibling_entry).pk])
    for user in (other_user, personas.chair, personas.member, personas.office, personas.other_office):
        client.force_login(user)
        assert client.get(reverse("selections:judge_panel", args=[panel.pk])).status_code == 404
        assert client.get(sheet_url).status_code == 404
    for user in (root_user, personas.chair, personas.other_office):
        client.force_login(user)
        assert client.get(reverse("selections:panel", args=[panel.pk])).status_code == 404
    client.force_login(root_user)
    assert client.get(sheet_url).status_code == 200


def test_the_secretary_sees_results_reminds_and_settles_a_tie(client, personas, tree, campaign):
    panel, (college_user, root_user), college_entry, sibling_entry = _world(tree, campaign)
    score(panel, sibling_entry, root_user, "50", "30")
    score(panel, college_entry, root_user, "50", "30")
    client.force_login(personas.office)
    url = reverse("selections:panel", args=[panel.pk])
    page = client.get(url)
    assert "80.00" in page.text and "并列，待决定" in page.text
    assert client.post(reverse("selections:panel_remind", args=[panel.pk])).status_code == 302
    assert (
        Notification.objects.filter(recipient__user=college_user, title__startswith="请完成评分").count() == 1
    )
    tie = next(
        t
        for t in [f"{college_entry.pk}-{sibling_entry.pk}", f"{sibling_entry.pk}-{college_entry.pk}"]
        if t in page.text
    )
    bad = client.post(
        reverse("selections:panel_tie", args=[panel.pk]),
        {
            "tie": tie,
            f"tie{tie}-place_1": sibling_entry.pk,
            f"tie{tie}-place_2": college_entry.pk,
            f"tie{tie}-note": "",
        },
    )
    assert bad.status_code == 400
    done = client.post(
        reverse("selections:panel_tie", args=[panel.pk]),
        {
            "tie": tie,
            f"tie{tie}-place_1": sibling_entry.pk,
            f"tie{tie}-place_2": college_entry.pk,
            f"tie{tie}-note": "评审委员会表决 5:2",
        },
    )
    assert done.status_code == 302
    page = client.get(url)
    assert "并列，待决定" not in page.text and "评审委员会表决 5:2" in page.text


def _count(client, url):
    with CaptureQueriesContext(connection) as queries, queries_in_templates() as in_templates:
        assert client.get(url).status_code == 200
    assert not in_templates, in_templates
    return len(queries)


def test_the_judges_and_the_secretarys_pages_read_a_fixed_number_of_queries(client, personas, tree, campaign):
    def world(n):
        units = [tree.college, tree.sibling] + [tree.library] * n
        selection = scoring_selection(campaign, units, title=f"评选{n}")
        users = [judge(tree.root, f"评委{n}-{i}") for i in range(n + 2)]
        panel = make_panel(selection, [member for _u, member in users])
        to_scoring(selection)
        for entry in Entry.objects.filter(tenant_id=tree.tenant.pk, selection=selection):
            for user, _member in users[: n + 1]:
                score(panel, entry, user, "50", "30")
        return panel, users[0][0]

    counts = []
    for n in (1, 6):
        panel, judge_user = world(n)
        client.force_login(judge_user)
        judge_count = _count(client, reverse("selections:judge_panel", args=[panel.pk]))
        row = PanelEntry.objects.filter(tenant_id=tree.tenant.pk, panel=panel).first()
        sheet_count = _count(client, reverse("selections:judge_sheet", args=[panel.pk, row.pk]))
        client.force_login(personas.office)
        board_count = _count(client, reverse("selections:panel", args=[panel.pk]))
        counts.append((judge_count, sheet_count, board_count))
    assert counts[0] == counts[1], counts
