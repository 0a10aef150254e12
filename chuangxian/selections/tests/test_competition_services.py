"""Teaching competitions: competition panels (rounds, groups, the panel advanced to, overtime), the
default rubric, the recorded draw, the timed lecture and its deduction, and the promotion of each
group's best to the final."""

import hashlib
import hmac
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import DomainError, Refused
from chuangxian.selections.models_scoring import Panel, PanelEntry, Round
from chuangxian.selections.scoring import Invalid, ScoringError
from chuangxian.selections.selectors_scoring import board, rubric_of
from chuangxian.selections.services import SelectionError, panel_create, panel_update, tie_decide
from chuangxian.selections.services.competition import (
    lecture_end,
    lecture_start,
    panel_draw,
    panel_promote,
    panel_rubric_default,
)
from chuangxian.selections.services.panel_settings import CompetitionSettings
from chuangxian.selections.tests.factories_competition import RULE, make_competition, row, score_all
from chuangxian.selections.tests.factories_judging import score, scoring_selection, to_scoring

START = datetime(2011, 5, 20, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def contest(tree, campaign):
    return make_competition(
        campaign, [tree.college, tree.sibling, tree.library, tree.library], root=tree.root
    )


def _codes(error):
    return [p.code for p in error.problems] if isinstance(error, Invalid) else [error.code]


def test_a_final_panel_starts_empty_and_each_group_takes_its_entries(contest):
    assert not PanelEntry.objects.filter(tenant_id=contest.final.tenant_id, panel=contest.final).exists()
    humanities = contest.humanities
    assert (humanities.round, humanities.group, humanities.advances_to) == (
        Round.PRELIMINARY,
        "人文社科",
        contest.final,
    )
    assert (humanities.overtime_limit_seconds, humanities.overtime_grace_seconds) == (1200, 30)
    assert [r.entry for r in board(humanities).rows] == contest.entries[:2]
    assert [r.entry for r in board(contest.sciences).rows] == contest.entries[2:]
    assert [(i.name, i.maximum) for i in rubric_of(humanities)] == [
        ("教学设计", 15),
        ("课堂教学", 80),
        ("教学反思", 5),
    ]
    assert all(i.description for i in rubric_of(humanities))


def test_the_default_rubric_fills_only_an_empty_rubric(contest, personas):
    with pytest.raises(SelectionError) as refused:
        panel_rubric_default(panel=contest.final, actor=personas.office)
    assert refused.value.code == "rubric_set"
    with pytest.raises(Refused):
        panel_rubric_default(panel=contest.final, actor=personas.chair)


def test_a_panel_advances_only_from_a_preliminary_to_a_final_of_the_same_selection(contest, campaign, tree):
    other = scoring_selection(campaign, [tree.college], title="另一评选")
    elsewhere = panel_create(
        selection=other, name="决赛", competition=CompetitionSettings(Round.FINAL), actor=SYSTEM
    )
    selection = contest.selection

    def refused(**settings):
        with pytest.raises(DomainError) as error:
            panel_create(
                selection=selection,
                name="理工组初赛",
                advance_count=settings.pop("advance_count", 2),
                competition=CompetitionSettings(**settings),
                actor=SYSTEM,
            )
        return _codes(error.value)

    assert refused(round=Round.PRELIMINARY, advances_to=elsewhere) == ["bad_target"]
    assert refused(round=Round.ONLY, advances_to=contest.final) == ["bad_target_round"]
    assert refused(round=Round.PRELIMINARY, advances_to=contest.humanities) == ["bad_target_round"]
    # Every problem at once: the name taken, the wrong round, no places.
    with pytest.raises(Invalid) as several:
        panel_create(
            selection=selection,
            name="决赛",
            competition=CompetitionSettings(Round.ONLY, advances_to=contest.final),
            actor=SYSTEM,
        )
    assert _codes(several.value) == ["name_taken", "bad_target_round", "advance_count_required"]


def test_advancing_never_cycles_and_a_fed_panel_stays_a_final(contest):
    final = contest.final
    with pytest.raises(DomainError) as error:
        panel_update(
            panel=final,
            name=final.name,
            tie_break=final.tie_break,
            advance_count=1,
            competition=CompetitionSettings(Round.PRELIMINARY, advances_to=contest.humanities),
            actor=SYSTEM,
        )
    assert _codes(error.value) == ["target_cycle", "fed_round"]
    with pytest.raises(DomainError) as error:
        panel_update(
            panel=final,
            name=final.name,
            tie_break=final.tie_break,
            advance_count=None,
            competition=CompetitionSettings(Round.ONLY),
            actor=SYSTEM,
        )
    assert _codes(error.value) == ["fed_round"]


def test_the_draw_is_recorded_and_anyone_reproduces_it_from_the_seed(contest, personas):
    panel = panel_draw(panel=contest.humanities, actor=personas.office)
    seed = panel.draw_seed
    assert seed.startswith(f"S{contest.selection.pk}-R{Round.PRELIMINARY}-P{panel.pk}-")
    assert panel.drawn_by == personas.office and panel.drawn_at is not None
    ids = [e.pk for e in contest.entries[:2]]
    by_hand = sorted(ids, key=lambda i: hmac.new(seed.encode(), str(i).encode(), hashlib.sha256).hexdigest())
    assert [r.entry_id for r in board(panel).rows] == by_hand
    assert [r.position for r in board(panel).rows] == [1, 2]
    entry = AuditEntry.objects.get(action="selections.panel.drawn")
    assert entry.data["seed"] == seed

    typed = panel_draw(panel=contest.sciences, seed="  现场抽签 3-1-4-1 ", actor=personas.office)
    assert typed.draw_seed == "现场抽签 3-1-4-1"  # used as recorded, trimmed of the blanks around it
    ids = [e.pk for e in contest.entries[2:]]
    by_hand = sorted(
        ids, key=lambda i: hmac.new("现场抽签 3-1-4-1".encode(), str(i).encode(), hashlib.sha256).hexdigest()
    )
    assert [r.entry_id for r in board(typed).rows] == by_hand


def test_only_the_office_draws_and_not_once_scoring_started(contest, personas):
    judge_user = contest.judges[0][0]
    for actor in (judge_user, personas.chair, personas.other_office, personas.member):
        with pytest.raises(Refused):
            panel_draw(panel=contest.humanities, actor=actor)
    with pytest.raises(SelectionError) as empty:
        panel_draw(panel=contest.final, actor=personas.office)
    assert empty.value.code == "no_entries"
    panel_draw(panel=contest.humanities, actor=personas.office)
    to_scoring(contest.selection)
    score(contest.humanities, contest.entries[0], judge_user, "12", "70", "4", submit=False)
    with pytest.raises(SelectionError) as started:
        panel_draw(panel=contest.humanities, actor=personas.office)
    assert started.value.code == "scoring_started"
    assert AuditEntry.objects.filter(action="selections.panel.drawn").count() == 1


def test_changing_the_entries_clears_the_draw(contest, personas):
    from chuangxian.selections.services import panel_entries_set

    panel_draw(panel=contest.humanities, actor=personas.office)
    panel_entries_set(panel=contest.humanities, entries=contest.entries[:1], actor=personas.office)
    panel = Panel.objects.get(pk=contest.humanities.pk)
    assert (panel.draw_seed, panel.drawn_at) == ("", None)


def test_a_timed_lecture_stores_its_overtime_deduction_and_the_scores_use_it(contest, personas):
    to_scoring(contest.selection)
    first, second = (row(contest.humanities, e) for e in contest.entries[:2])
    with time_machine.travel(START, tick=False):
        lecture_start(row=first, actor=personas.office)
    panel = Panel.objects.get(pk=contest.humanities.pk)
    assert panel.current_id == first.pk
    with pytest.raises(SelectionError) as running:
        lecture_start(row=second, actor=personas.office)
    assert running.value.code == "lecture_running" and first.entry.candidate_name in running.value.message
    with pytest.raises(Refused):
        lecture_end(row=first, actor=contest.judges[0][0])
    # 21:01 is 61 s over the 20 minutes, beyond the 30 s grace: two started minutes, 2 points.
    with time_machine.travel(START + timedelta(minutes=21, seconds=1), tick=False):
        ended = lecture_end(row=first, actor=personas.office)
    assert (ended.duration_seconds, ended.deduction) == (1261, Decimal(2))
    assert Panel.objects.get(pk=panel.pk).current_id is None
    with pytest.raises(SelectionError) as again:
        lecture_start(row=first, actor=personas.office)
    assert again.value.code == "lecture_done"
    with pytest.raises(SelectionError) as untimed:
        lecture_end(row=second, actor=personas.office)
    assert untimed.value.code == "duration_required"
    typed = lecture_end(row=second, duration_seconds=20 * 60 + 25, actor=personas.office)  # in the grace
    assert typed.deduction == 0
    score_all(contest.humanities, contest.judges, {contest.entries[0].pk: ("13", "75", "4")})
    state = board(contest.humanities)
    assert set(state.totals[first.pk].values()) == {Decimal("90.0")}  # 92 less 2
    assert state.ranking.rows[0].score == Decimal("90.00")
    audit = AuditEntry.objects.get(action="selections.lecture.ended")
    assert audit.data["deduction"] == "2.0" and audit.data["duration"] == 1261


def test_the_overtime_rule_is_fixed_once_a_lecture_is_timed(contest, personas):
    to_scoring(contest.selection)
    lecture_end(row=row(contest.humanities, contest.entries[0]), duration_seconds=1300, actor=personas.office)
    panel = contest.humanities
    with pytest.raises(ScoringError) as error:
        panel_update(
            panel=panel,
            name=panel.name,
            tie_break=panel.tie_break,
            advance_count=1,
            competition=CompetitionSettings(Round.PRELIMINARY, "人文社科", contest.final, None),
            actor=personas.office,
        )
    assert _codes(error.value) == ["overtime_in_use"]
    assert RULE.limit_seconds == Panel.objects.get(pk=panel.pk).overtime_limit_seconds


def test_lectures_only_at_the_scoring_stage(contest, personas):
    with pytest.raises(SelectionError) as error:
        lecture_start(row=row(contest.humanities, contest.entries[0]), actor=personas.office)
    assert error.value.code == "wrong_stage"


def test_the_best_of_each_group_advance_once_every_sheet_is_in_and_the_cut_is_settled(contest, personas):
    to_scoring(contest.selection)
    humanities, sciences, final = contest.humanities, contest.sciences, contest.final
    a, b, c, d = contest.entries
    with pytest.raises(Refused):
        panel_promote(panel=humanities, actor=contest.judges[0][0])
    with pytest.raises(SelectionError) as pending:
        panel_promote(panel=humanities, actor=personas.office)
    assert pending.value.code == "sheets_pending"
    with pytest.raises(SelectionError) as no_target:
        panel_promote(panel=final, actor=personas.office)
    assert no_target.value.code == "no_target"

    score_all(humanities, contest.judges, {a.pk: ("13", "75", "4"), b.pk: ("13", "75", "4")})  # tied
    with pytest.raises(SelectionError) as tied:
        panel_promote(panel=humanities, actor=personas.office)
    assert tied.value.code == "tie_at_cut"
    assert a.candidate_name in tied.value.message and b.candidate_name in tied.value.message
    assert not PanelEntry.objects.filter(tenant_id=final.tenant_id, panel=final).exists()
    tie_decide(panel=humanities, order=[b.pk, a.pk], note="评审委员会表决 5:2", actor=personas.office)
    assert [r.entry_id for r in panel_promote(panel=humanities, actor=personas.office)] == [b.pk]

    score_all(sciences, contest.judges, {c.pk: ("10", "70", "3"), d.pk: ("14", "78", "5")})
    lecture_end(row=row(sciences, d), duration_seconds=25 * 60, actor=personas.office)  # 5 points off: 92
    assert [r.entry_id for r in panel_promote(panel=sciences, actor=personas.office)] == [d.pk]
    assert [r.entry_id for r in panel_promote(panel=sciences, actor=personas.office)] == [d.pk]  # again
    in_final = list(PanelEntry.objects.filter(tenant_id=final.tenant_id, panel=final).order_by("position"))
    assert [(r.entry_id, r.position) for r in in_final] == [(b.pk, 1), (d.pk, 2)]
    audit = AuditEntry.objects.filter(action="selections.panel.promoted").order_by("pk")
    assert [e.data["added"] for e in audit] == [[b.candidate_name], [d.candidate_name], []]

    # The final draws its order; a judge of the final scores the promoted entries.
    panel_draw(panel=final, actor=personas.office)
    score(final, b, contest.judges[0][0], "14", "79", "5")
    assert board(final).progress.entries[0].submitted + board(final).progress.entries[1].submitted == 1
