"""The teaching competition's pages: the competition panel form (every problem at once), the default
rubric, the draw, the lectures, the promotion, the scoreboards (the projector shows nothing partial)
and the judge's "on stage"; the pages read a fixed number of queries at two sizes and none from
their templates."""

from decimal import Decimal

import pytest
from django.urls import reverse

from chuangxian.core.actors import SYSTEM
from chuangxian.selections.models_scoring import Panel, PanelEntry, Round
from chuangxian.selections.services import panel_entries_set
from chuangxian.selections.tests.factories_competition import make_competition, row, score_all
from chuangxian.selections.tests.factories_judging import score, to_scoring
from chuangxian.selections.tests.test_judging_views import _count


@pytest.fixture
def contest(tree, campaign):
    return make_competition(
        campaign, [tree.college, tree.sibling, tree.library, tree.library], root=tree.root
    )


def test_the_office_sets_a_competition_panel_up_and_sees_every_problem_at_once(client, personas, contest):
    client.force_login(personas.office)
    url = reverse("selections:panel_new", args=[contest.selection.pk])
    assert "晋级到" in client.get(url).text
    bad = client.post(
        url,
        {
            "name": "决赛",
            "tie_break": "median,top_marks,decision",
            "round": Round.ONLY,
            "advances_to": contest.final.pk,
        },
    )
    assert bad.status_code == 400
    for problem in ("本评选中已有同名的评审组", "只有初赛评审组可以设置晋级", "请填写每组晋级名额"):
        assert problem in bad.text
    assert "设置超时扣分须填写规定时长" in client.post(url, {"name": "x", "overtime_cap": "3"}).text
    good = client.post(
        url,
        {
            "name": "理工组初赛",
            "tie_break": "median,top_marks,decision",
            "round": Round.PRELIMINARY,
            "group": "理工",
            "advances_to": contest.final.pk,
            "advance_count": "2",
            "overtime_limit": "15",
            "overtime_per_minute": "0.5",
            "overtime_cap": "3",
            "overtime_grace": "20",
        },
    )
    panel = Panel.objects.get(tenant_id=contest.selection.tenant_id, name="理工组初赛")
    assert good.status_code == 302
    assert (panel.group, panel.advances_to, panel.overtime_limit_seconds) == ("理工", contest.final, 900)
    assert (panel.overtime_per_minute, panel.overtime_cap, panel.overtime_grace_seconds) == (
        Decimal("0.5"),
        Decimal(3),
        20,
    )
    page = client.get(reverse("selections:panel", args=[panel.pk])).text
    assert "规定时长 15 分钟" in page and "晋级到：决赛" in page
    assert "使用教学竞赛默认评分细则" in page
    client.post(reverse("selections:competition_rubric_default", args=[panel.pk]))
    page = client.get(reverse("selections:panel", args=[panel.pk])).text
    assert "课堂教学" in page and "使用教学竞赛默认评分细则" not in page
    edit = client.get(reverse("selections:panel_edit", args=[panel.pk])).text
    assert 'value="15"' in edit and 'value="理工"' in edit


def test_the_draw_page_records_the_seed_and_every_key(client, personas, contest):
    client.force_login(personas.office)
    url = reverse("selections:competition_draw", args=[contest.humanities.pk])
    assert client.post(url, {"seed": "公开种子 42"}).status_code == 302
    page = client.get(url).text
    assert "公开种子 42" in page and "HMAC-SHA256" in page
    panel = Panel.objects.get(pk=contest.humanities.pk)
    assert panel.draw_seed == "公开种子 42"
    for entry in contest.entries[:2]:
        assert str(entry.pk) in page
    to_scoring(contest.selection)
    score(contest.humanities, contest.entries[0], contest.judges[0][0], "10", "70", "4")
    again = client.post(url, {"seed": ""})
    assert again.status_code == 400 and "不能再抽签更改" in again.text


def test_the_timekeeper_starts_and_ends_lectures_and_types_a_time(client, personas, contest):
    to_scoring(contest.selection)
    client.force_login(personas.office)
    panel = contest.humanities
    first, second = (row(panel, e) for e in contest.entries[:2])
    page = reverse("selections:competition_lectures", args=[panel.pk])
    client.post(reverse("selections:competition_lecture_start", args=[panel.pk, first.pk]))
    assert "正在讲课" in client.get(page).text
    judge_user = contest.judges[0][0]
    client.force_login(judge_user)
    judge_page = client.get(reverse("selections:judge_panel", args=[panel.pk])).text
    assert f"正在讲课：第 {first.position} 位 {first.entry.candidate_name}" in judge_page
    on_stage = client.get(reverse("selections:competition_on_stage", args=[panel.pk])).text
    assert first.entry.candidate_name in on_stage
    client.force_login(personas.office)
    end = reverse("selections:competition_lecture_end", args=[panel.pk, second.pk])
    bad = client.post(end, {f"t{second.pk}-duration": "20:75"})
    assert bad.status_code == 400 and "请按“分:秒”填写用时" in bad.text
    assert client.post(end, {f"t{second.pk}-duration": "21:01"}).status_code == 302
    assert PanelEntry.objects.get(pk=second.pk).deduction == Decimal(2)
    ended = client.post(
        reverse("selections:competition_lecture_end", args=[panel.pk, first.pk]), {}, follow=True
    )
    assert "已记录用时" in ended.text
    assert Panel.objects.get(pk=panel.pk).current_id is None


def test_the_projector_shows_a_score_only_once_every_sheet_is_in(client, personas, contest):
    to_scoring(contest.selection)
    panel = contest.humanities
    first = contest.entries[0]
    score(panel, first, contest.judges[0][0], "13", "75", "4")
    client.force_login(personas.office)
    board = client.get(reverse("selections:competition_board_live", args=[panel.pk])).text
    projector = client.get(reverse("selections:competition_projector_live", args=[panel.pk])).text
    assert "92.00" in board and "评分中" in board  # the secretary sees the running score, marked
    assert "92.00" not in projector and "1/3" in projector
    score_all(panel, contest.judges[1:], {first.pk: ("13", "75", "4")})
    projector = client.get(reverse("selections:competition_projector", args=[panel.pk])).text
    assert "92.00" in projector and "3/3" in projector
    assert 'class="navbar' not in projector  # no navigation on the projector
    assert "评委1" not in projector  # no judge's name, no judge's marks


def test_promotion_from_the_panel_page(client, personas, contest):
    to_scoring(contest.selection)
    a, b = contest.entries[:2]
    score_all(contest.humanities, contest.judges, {a.pk: ("13", "75", "4"), b.pk: ("10", "70", "4")})
    client.force_login(personas.office)
    done = client.post(reverse("selections:competition_promote", args=[contest.humanities.pk]), follow=True)
    assert "已确定晋级名单" in done.text
    assert [r.entry_id for r in PanelEntry.objects.filter(panel=contest.final)] == [a.pk]
    refused = client.post(reverse("selections:competition_promote", args=[contest.sciences.pk]), follow=True)
    assert "还有评委未提交评分" in refused.text


def test_the_competition_pages_read_a_fixed_number_of_queries(client, personas, tree, campaign):
    counts = []
    for n in (1, 4):
        contest = make_competition(
            campaign,
            [tree.college, tree.sibling] + [tree.library] * (2 + n),
            root=tree.root,
            judges=n + 1,
            title=f"教学竞赛{n}",
        )
        panel_entries_set(panel=contest.sciences, entries=contest.entries[2:4], actor=SYSTEM)
        panel_entries_set(
            panel=contest.humanities, entries=contest.entries[:2] + contest.entries[4:], actor=SYSTEM
        )
        to_scoring(contest.selection)
        panel = contest.humanities
        score_all(panel, contest.judges, {e.pk: ("13", "75", "4") for e in contest.entries[:2]})
        client.force_login(personas.office)
        client.post(
            reverse(
                "selections:competition_lecture_start", args=[panel.pk, row(panel, contest.entries[0]).pk]
            )
        )
        urls = [
            reverse(name, args=[panel.pk])
            for name in (
                "selections:competition_board",
                "selections:competition_board_live",
                "selections:competition_projector",
                "selections:competition_projector_live",
                "selections:competition_lectures",
                "selections:competition_draw",
                "selections:panel",
            )
        ]
        office = [_count(client, url) for url in urls]
        client.force_login(contest.judges[0][0])
        judge = [
            _count(client, reverse("selections:competition_on_stage", args=[panel.pk])),
            _count(client, reverse("selections:judge_panel", args=[panel.pk])),
        ]
        counts.append((office, judge))
    assert counts[0] == counts[1], counts
