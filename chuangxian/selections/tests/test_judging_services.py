"""The judges' scoring services: panels, rubric, judges, a judge's sheet (draft, submit, lock,
recusal, ranges), the secretary's board, reminders and tie decisions."""

from decimal import Decimal

import pytest

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import UnitKind
from chuangxian.orgs.tests.factories import MemberFactory, make_unit
from chuangxian.selections.models import Entry, EntryStatus, Stage
from chuangxian.selections.models_scoring import Mark, PanelEntry, Sheet, SheetStatus
from chuangxian.selections.scoring import Invalid
from chuangxian.selections.selectors_scoring import board, judge_rows
from chuangxian.selections.services import (
    RubricLine,
    SelectionError,
    panel_create,
    panel_entries_set,
    panel_judges_set,
    panel_remind,
    panel_rubric_set,
    selection_advance,
    sheet_save,
    tie_decide,
)
from chuangxian.selections.services.scoring import scoring_exit_refusal
from chuangxian.selections.tests.factories import make_selection, make_type, nominate
from chuangxian.selections.tests.factories_judging import (
    judge,
    make_panel,
    marks,
    row_of,
    score,
    scoring_selection,
    to_scoring,
)


@pytest.fixture
def world(tree, campaign):
    """Entries of 文学与传播学院, 数学与计算机科学学院 and 图书馆; judges at the college, its group, the
    sibling college and the school union; the selection at its scoring stage."""
    selection = scoring_selection(campaign, [tree.college, tree.sibling, tree.library])
    judges = {
        "college": judge(tree.college, "学院评委"),
        "group": judge(tree.group, "小组评委"),
        "sibling": judge(tree.sibling, "数计评委"),
        "root": judge(tree.root, "校工会评委"),
    }
    panel = make_panel(selection, [member for _user, member in judges.values()])
    entries = {
        e.nominating_unit_id: e for e in Entry.objects.filter(tenant_id=tree.tenant.pk, selection=selection)
    }
    to_scoring(selection)
    return (
        panel,
        judges,
        {
            "college": entries[tree.college.pk],
            "sibling": entries[tree.sibling.pk],
            "library": entries[tree.library.pk],
        },
    )


def test_a_panel_takes_every_entry_still_in_the_selection_and_its_judges_hold_the_grant(world):
    panel, judges, _entries = world
    assert PanelEntry.objects.filter(tenant_id=panel.tenant_id, panel=panel).count() == 3
    assert all(holds_grant(user, GrantKind.JUDGE, panel) for user, _member in judges.values())
    told = Notification.objects.filter(tenant_id=panel.tenant_id, title__startswith="您已被聘为评委")
    assert told.count() == 4 and told.first().url == f"/selections/judging/{panel.pk}/"
    assert AuditEntry.objects.filter(action="selections.panel.created").count() == 1


def test_a_panel_needs_a_scoring_stage_and_a_unique_name(tree, campaign, world):
    panel, _judges, _entries = world
    plain = make_selection(campaign, make_type(tree.tenant, name="无评审"), title="无评审环节")
    with pytest.raises(SelectionError) as error:
        panel_create(selection=plain, name="评审组", actor=SYSTEM)
    assert error.value.code == "no_scoring"
    with pytest.raises(SelectionError) as error:
        panel_create(selection=panel.selection, name=" 第一评审组 ", actor=SYSTEM)
    assert error.value.code == "name_taken"


def test_the_rubric_reports_every_problem_at_once_and_locks_at_the_first_mark(world):
    panel, judges, entries = world
    with pytest.raises(Invalid) as error:
        panel_rubric_set(
            panel=panel,
            items=[
                RubricLine("创新", Decimal(0)),
                RubricLine("创新", Decimal(10)),
                RubricLine("", Decimal(5)),
            ],
            actor=SYSTEM,
        )
    assert [p.code for p in error.value.problems] == ["bad_range", "duplicate_item", "no_name"]
    score(world[0], entries["library"], judges["root"][0], "50", None, submit=False)
    with pytest.raises(SelectionError) as error:
        panel_rubric_set(panel=panel, items=[RubricLine("创新", Decimal(10))], actor=SYSTEM)
    assert error.value.code == "rubric_in_use"


def test_a_judge_saves_a_draft_then_submits_and_the_sheet_locks(world):
    panel, judges, entries = world
    user = judges["root"][0]
    draft = score(panel, entries["library"], user, "55.5", None, submit=False)
    assert draft.status == SheetStatus.DRAFT and draft.total is None
    with pytest.raises(Invalid) as error:
        score(panel, entries["library"], user, "55.5", None)
    assert "请填写“现场陈述”的分数（10–40 分）" in error.value.message
    sheet = score(panel, entries["library"], user, "55.5", "38")
    assert sheet.status == SheetStatus.SUBMITTED and sheet.total == Decimal("93.5")
    assert Mark.objects.filter(tenant_id=sheet.tenant_id, sheet=sheet).count() == 2
    with pytest.raises(SelectionError) as error:
        score(panel, entries["library"], user, "50", "30")
    assert error.value.code == "submitted"
    assert Sheet.objects.get(pk=sheet.pk).total == Decimal("93.5")


def test_every_mark_out_of_range_is_named_with_its_item_and_range_at_once(world):
    panel, judges, entries = world
    with pytest.raises(Invalid) as error:
        score(panel, entries["library"], judges["root"][0], "61", "9.5")
    assert [p.code for p in error.value.problems] == ["out_of_range", "out_of_range"]
    assert "“事迹材料”的分数应在 0–60 分之间，您填写的是 61" in error.value.message
    assert "“现场陈述”的分数应在 10–40 分之间，您填写的是 9.5" in error.value.message
    assert not Sheet.objects.filter(tenant_id=panel.tenant_id, status=SheetStatus.SUBMITTED).exists()


def test_a_judge_is_refused_the_entries_of_their_unit_and_its_subtree(world):
    panel, judges, entries = world
    for who in ("college", "group"):
        with pytest.raises(Refused) as error:
            score(panel, entries["college"], judges[who][0], "50", "30")
        assert error.value.code == "recused"
        assert "文学与传播学院" in error.value.message
    rows = {r.row.entry_id: r for r in judge_rows(panel, judges["group"][1])}
    assert "隶属于" in (rows[entries["college"].pk].recusal or "")
    assert rows[entries["sibling"].pk].recusal is None
    assert score(panel, entries["sibling"], judges["group"][0], "50", "30").total == Decimal(80)


def test_a_judge_of_another_panel_or_no_judge_is_refused(tree, world):
    panel, judges, entries = world
    other = panel_create(selection=panel.selection, name="第二评审组", actor=SYSTEM)
    outsider_user, outsider = judge(tree.root, "第二组评委")
    panel_judges_set(panel=other, members=[outsider], actor=SYSTEM)
    with pytest.raises(Refused) as error:
        score(panel, entries["library"], outsider_user, "50", "30")
    assert error.value.code == "not_judge"
    panel_judges_set(panel=panel, members=[judges["college"][1]], actor=SYSTEM)  # the others revoked
    with pytest.raises(Refused):
        score(panel, entries["library"], judges["root"][0], "50", "30")


def test_marks_are_given_only_at_the_scoring_stage(tree, campaign):
    selection = scoring_selection(campaign, [tree.sibling], title="尚在推荐")
    user, member = judge(tree.root)
    panel = make_panel(selection, [member])
    entry = Entry.objects.get(tenant_id=tree.tenant.pk, selection=selection)
    with pytest.raises(SelectionError) as error:
        sheet_save(row=row_of(panel, entry), marks=marks(panel, "50", "30"), actor=user)
    assert error.value.code == "wrong_stage"


def test_the_board_scores_ranks_and_shows_what_is_owed(world):
    panel, judges, entries = world
    root, sibling, college = judges["root"][0], judges["sibling"][0], judges["college"][0]
    score(panel, entries["library"], root, "55", "35")  # 90
    score(panel, entries["library"], sibling, "50", "35")  # 85
    score(panel, entries["sibling"], root, "50", "30")  # 80
    score(panel, entries["sibling"], college, "51", "30")  # 81
    state = board(panel)
    rows = {row.entry: row for row in state.ranking.rows}
    assert rows[entries["library"].pk].score == Decimal("87.50")
    assert rows[entries["library"].pk].rank == 1
    assert rows[entries["sibling"].pk].score == Decimal("80.50")
    assert state.ranking.unscored == (entries["college"].pk,)
    owed = {judge_id: len(rows) for judge_id, rows in state.progress.owed.items()}
    assert owed[judges["group"][1].pk] == 2  # the sibling's and the library's; recused from the college's
    assert judges["root"][1].pk in owed  # still the college's entry
    assert ("college", "college") and (
        judges["college"][1].pk,
        row_of(panel, entries["college"]).pk,
    ) in state.recused


def test_the_secretary_reminds_the_judges_who_owe_sheets_once_a_day(world):
    panel, judges, entries = world
    assert panel_remind(panel=panel, actor=SYSTEM) == 4
    note = Notification.objects.get(recipient=judges["sibling"][1], title__startswith="请完成评分")
    assert "未提交评分" in note.body and entries["college"].candidate_name in note.body
    assert panel_remind(panel=panel, actor=SYSTEM) == 0
    assert AuditEntry.objects.filter(action="selections.panel.reminded").count() == 2


def test_a_tie_left_by_the_chain_is_settled_by_a_recorded_decision(world):
    panel, judges, entries = world
    root = judges["root"][0]
    score(panel, entries["library"], root, "50", "30")
    score(panel, entries["sibling"], root, "50", "30")
    state = board(panel)
    assert [set(t.entries) for t in state.ranking.ties] == [{entries["library"].pk, entries["sibling"].pk}]
    with pytest.raises(SelectionError) as error:
        tie_decide(panel=panel, order=[entries["library"].pk], note="评审委员会表决", actor=SYSTEM)
    assert error.value.code == "not_a_tie"
    with pytest.raises(SelectionError) as error:
        tie_decide(panel=panel, order=[entries["sibling"].pk, entries["library"].pk], note=" ", actor=SYSTEM)
    assert error.value.code == "note_required"
    tie_decide(
        panel=panel, order=[entries["sibling"].pk, entries["library"].pk], note="表决 5:2", actor=SYSTEM
    )
    ranking = board(panel).ranking
    assert not ranking.ties
    assert [row.entry for row in ranking.rows] == [entries["sibling"].pk, entries["library"].pk]
    assert ranking.rows[0].decided_by == "decision"
    tie_decide(panel=panel, order=[entries["library"].pk, entries["sibling"].pk], note="更正", actor=SYSTEM)
    assert board(panel).ranking.rows[0].entry == entries["library"].pk


def test_entries_of_a_panel_change_until_a_judge_begins(tree, world):
    panel, judges, entries = world
    other = panel_create(selection=panel.selection, name="第二评审组", actor=SYSTEM)
    assert not PanelEntry.objects.filter(tenant_id=other.tenant_id, panel=other).exists()
    with pytest.raises(SelectionError) as error:
        panel_entries_set(panel=other, entries=[entries["library"]], actor=SYSTEM)
    assert error.value.code == "other_panel"
    score(panel, entries["library"], judges["root"][0], "50", None, submit=False)
    with pytest.raises(SelectionError) as error:
        panel_entries_set(panel=panel, entries=[entries["sibling"]], actor=SYSTEM)
    assert error.value.code == "entry_scored"
    panel_entries_set(panel=panel, entries=[entries["library"], entries["sibling"]], actor=SYSTEM)
    panel_entries_set(panel=other, entries=[entries["college"]], actor=SYSTEM)
    assert PanelEntry.objects.filter(tenant_id=other.tenant_id, panel=other).count() == 1


def test_a_judge_who_submitted_cannot_be_taken_off_the_panel(world):
    panel, judges, entries = world
    score(panel, entries["library"], judges["root"][0], "50", "30")
    with pytest.raises(SelectionError) as error:
        panel_judges_set(panel=panel, members=[judges["college"][1]], actor=SYSTEM)
    assert error.value.code == "judge_scored"


def test_a_judge_of_one_union_group_is_recused_from_a_nominee_of_another_group_of_the_college(tree, campaign):
    second = make_unit(tree.tenant, "外语系工会小组", tree.college, kind=UnitKind.GROUP)
    selection = scoring_selection(campaign, [], title="同学院")
    entry = nominate(selection, tree.college, MemberFactory(unit=second, name="外语系老师"))
    user, member = judge(tree.group, "中文系评委")
    panel = make_panel(selection, [member])
    to_scoring(selection)
    with pytest.raises(Refused) as error:
        score(panel, entry, user, "50", "30")
    assert error.value.code == "recused" and "文学与传播学院" in error.value.message


def test_the_scoring_stage_is_left_only_when_every_sheet_due_is_in(tree, campaign):
    selection = scoring_selection(campaign, [tree.sibling], title="单个对象")
    user, member = judge(tree.root, "校工会评委")
    _recused_user, recused = judge(tree.sibling, "数计评委")
    panel = make_panel(selection, [recused])
    to_scoring(selection)
    entry = Entry.objects.get(tenant_id=tree.tenant.pk, selection=selection)
    refusal = scoring_exit_refusal(selection)
    assert refusal is not None and refusal.code == "unscorable" and entry.candidate_name in refusal.message
    panel_judges_set(panel=panel, members=[recused, member], actor=SYSTEM)
    refusal = scoring_exit_refusal(selection)
    assert refusal is not None and refusal.code == "sheets_pending"
    assert "校工会评委（第一评审组，1 个）" in refusal.message
    with pytest.raises(SelectionError) as error:
        selection_advance(selection=selection, from_stage=Stage.SCORING, actor=SYSTEM)
    assert error.value.code == "sheets_pending"
    score(panel, entry, user, "50", "30")
    assert scoring_exit_refusal(selection) is None
    assert selection_advance(selection=selection, from_stage=Stage.SCORING, actor=SYSTEM).stage == Stage.FINAL


def test_a_withdrawn_entry_is_no_longer_scored(world):
    """An entry that left the running (withdrawn, removed) takes no more marks (an outside review
    found it still could)."""
    panel, judges, entries = world
    entry = entries["library"]
    Entry.objects.filter(pk=entry.pk, tenant_id=entry.tenant_id).update(status=EntryStatus.WITHDRAWN)
    with pytest.raises(SelectionError) as error:
        score(panel, entry, judges["root"][0], "50", "30")
    assert error.value.code == "not_in_running"
    assert not Sheet.objects.filter(tenant_id=panel.tenant_id, panel_entry__entry=entry).exists()


def test_a_member_who_has_left_cannot_be_named_a_judge(world, tree):
    from chuangxian.orgs.models import MemberStatus

    panel, _judges, _entries = world
    gone = MemberFactory(unit=tree.root, name="已调离的老师", status=MemberStatus.LEFT)
    with pytest.raises(SelectionError) as error:
        panel_judges_set(panel=panel, members=[gone], actor=SYSTEM)
    assert error.value.code == "not_active" and "已调离的老师" in error.value.message
