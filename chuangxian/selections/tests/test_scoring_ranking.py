"""The ranking and its tie-break chain, shared ranks, and the top N who advance per group
(``selections/scoring/ranking.py``). Pure arithmetic: no database.

Marks are written ``{entry: {judge: total}}``; three judges j1–j3 unless a test says otherwise.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuangxian.selections.scoring import (
    DECISION,
    MEDIAN,
    SCORE,
    TOP_MARKS,
    ScoringError,
    Tie,
    advance_per_group,
    rank,
    top_mark_counts,
    top_n,
)


def sheet(*totals, judges=("j1", "j2", "j3")):
    return {judge: Decimal(str(total)) for judge, total in zip(judges, totals, strict=True)}


def table(ranking):
    return [(row.entry, row.rank, row.decided_by) for row in ranking.rows]


# Same final score 85.00; A's median 85 beats B's 84. B has more top marks (j2, j3) than A (j1).
MEDIAN_VS_TOPS = {"A": sheet(90, 85, 80), "B": sheet(84, 87, 84)}
# Same final score 85.00 and median 85; A is j1's top, B is j2's and j3's.
SAME_MEDIAN = {"A": sheet(90, 85, 80), "B": sheet(82, 88, 85)}
SAME_MARKS = {"A": sheet(85, 85, 85), "B": sheet(85, 85, 85)}


def test_distinct_scores_rank_highest_first():
    ranking = rank({"low": sheet(70, 71, 72), "high": sheet(90, 91, 92), "mid": sheet(80, 81, 82)})
    assert table(ranking) == [("high", 1, SCORE), ("mid", 2, SCORE), ("low", 3, SCORE)]
    assert [row.score for row in ranking.rows] == [Decimal("91.00"), Decimal("81.00"), Decimal("71.00")]
    assert ranking.ties == ()


def test_equal_scores_go_first_to_the_higher_median():
    ranking = rank(MEDIAN_VS_TOPS)
    assert [row.score for row in ranking.rows] == [Decimal("85.00"), Decimal("85.00")]
    assert table(ranking) == [("A", 1, MEDIAN), ("B", 2, MEDIAN)]
    assert [row.median for row in ranking.rows] == [Decimal(85), Decimal(84)]


def test_equal_medians_go_to_more_top_marks():
    ranking = rank(SAME_MEDIAN)
    assert table(ranking) == [("B", 1, TOP_MARKS), ("A", 2, TOP_MARKS)]
    assert [(row.median, row.top_marks) for row in ranking.rows] == [(Decimal(85), 2), (Decimal(85), 1)]


def test_then_the_committees_recorded_order():
    ranking = rank(SAME_MARKS, decision=["B", "A"])
    assert table(ranking) == [("B", 1, DECISION), ("A", 2, DECISION)]
    assert ranking.ties == ()


def test_a_tie_left_by_the_chain_shares_the_rank_and_the_next_rank_skips():
    marks = {"W": sheet(90, 90, 90), "X": sheet(85, 85, 85), "Y": sheet(85, 85, 85), "Z": sheet(80, 80, 80)}
    ranking = rank(marks)
    assert table(ranking) == [("W", 1, SCORE), ("X", 2, ""), ("Y", 2, ""), ("Z", 4, SCORE)]
    assert ranking.ties == (Tie(rank=2, entries=("X", "Y")),)


def test_a_decision_naming_only_some_of_a_tied_set_leaves_the_set_tied():
    marks = {**SAME_MARKS, "C": sheet(85, 85, 85)}
    assert rank(marks, decision=["C", "A"]).ties == (Tie(rank=1, entries=("A", "B", "C")),)
    settled = rank(marks, decision=["C", "A", "B"])
    assert table(settled) == [("C", 1, DECISION), ("A", 2, DECISION), ("B", 3, DECISION)]


def test_one_decision_list_settles_several_ties_and_ignores_other_entries():
    marks = {"A": sheet(90, 90, 90), "B": sheet(90, 90, 90), "C": sheet(80, 80, 80), "D": sheet(80, 80, 80)}
    ranking = rank(marks, decision=["elsewhere", "D", "B", "C", "A"])
    assert table(ranking) == [("B", 1, DECISION), ("A", 2, DECISION), ("D", 3, DECISION), ("C", 4, DECISION)]


def test_the_chain_is_configurable():
    assert [r.entry for r in rank(MEDIAN_VS_TOPS).rows] == ["A", "B"]
    assert table(rank(MEDIAN_VS_TOPS, tie_break=[TOP_MARKS, MEDIAN])) == [
        ("B", 1, TOP_MARKS),
        ("A", 2, TOP_MARKS),
    ]
    # Without a criterion entries with equal scores stay tied, and an unlisted decision is not used.
    assert rank(MEDIAN_VS_TOPS, tie_break=[]).ties == (Tie(1, ("A", "B")),)
    assert rank(SAME_MARKS, tie_break=[MEDIAN, TOP_MARKS], decision=["B", "A"]).ties == (Tie(1, ("A", "B")),)
    assert [r.entry for r in rank(SAME_MEDIAN, tie_break=[DECISION], decision=["A", "B"]).rows] == ["A", "B"]


@pytest.mark.parametrize("chain", [["median", "coin"], ["median", "median"], ["score"]])
def test_an_unknown_or_repeated_criterion_is_refused(chain):
    with pytest.raises(ScoringError) as refused:
        rank(SAME_MARKS, tie_break=chain)
    assert refused.value.code == "bad_tie_break"
    assert "评委打分的中位数、获评委最高分的次数、评审委员会的决定" in refused.value.message


def test_a_decision_naming_an_entry_twice_is_refused():
    with pytest.raises(ScoringError) as refused:
        rank(SAME_MARKS, decision=["A", "B", "A"])
    assert refused.value.code == "bad_decision"


def test_a_top_mark_is_the_highest_total_the_judge_gave_any_entry_and_equal_tops_all_count():
    marks = {
        "A": sheet(90, 80, 70),
        "B": sheet(90, 85, 60),
        "C": {"j1": Decimal(50), "j2": Decimal(85)},  # j3 recused from C
        "D": {"j3": Decimal(65)},
        "E": {"j1": Decimal("89.9"), "j3": Decimal("69.9")},  # close to the tops is not a top
    }
    assert top_mark_counts(marks) == {"A": 2, "B": 2, "C": 1, "D": 0, "E": 0}


def test_entries_without_marks_are_not_ranked_and_do_not_count_for_top_marks():
    marks = {"A": sheet(80, 80, 80), "empty": {}, "B": sheet(90, 70, 80)}
    ranking = rank(marks)
    assert ranking.unscored == ("empty",)
    assert [(row.entry, row.top_marks, row.judges) for row in ranking.rows] == [("A", 2, 3), ("B", 2, 3)]


def test_the_final_score_of_five_judges_is_trimmed_and_the_median_is_not():
    marks = {"A": sheet(60, 80, 80, 90, 100, judges=("j1", "j2", "j3", "j4", "j5"))}
    row = rank(marks).rows[0]
    assert (row.score, row.median, row.judges) == (Decimal("83.33"), Decimal(80), 5)


# ---------------------------------------------------------------------------------------------
# Top N per group

FOUR = {"W": sheet(90, 90, 90), "X": sheet(85, 85, 85), "Y": sheet(85, 85, 85), "Z": sheet(80, 80, 80)}


def test_the_first_n_advance():
    ranking = rank({"a": sheet(90, 90, 90), "b": sheet(80, 80, 80), "c": sheet(70, 70, 70)})
    cut = top_n(ranking, 2)
    assert (cut.advancing, cut.tied_at_cut, cut.seats_left, cut.settled) == (("a", "b"), (), 0, True)
    assert top_n(ranking, 10).advancing == ("a", "b", "c")


def test_a_tie_across_the_cut_is_reported_not_broken():
    ranking = rank(FOUR)
    cut = top_n(ranking, 2)
    assert (cut.advancing, cut.tied_at_cut, cut.seats_left, cut.settled) == (("W",), ("X", "Y"), 1, False)
    assert top_n(ranking, 3).advancing == ("W", "X", "Y") and top_n(ranking, 3).settled
    assert top_n(ranking, 1).advancing == ("W",) and top_n(ranking, 1).settled
    top_tie = top_n(rank(SAME_MARKS), 1)
    assert (top_tie.advancing, top_tie.tied_at_cut, top_tie.seats_left) == ((), ("A", "B"), 1)


def test_a_recorded_decision_settles_the_cut():
    cut = top_n(rank(FOUR, decision=["Y", "X"]), 2)
    assert (cut.advancing, cut.settled) == (("W", "Y"), True)


def test_each_group_advances_its_own_top_n():
    rankings = {
        "人文社科组": rank(FOUR),
        "自然科学组": rank({"p": sheet(70, 70, 70), "q": sheet(75, 75, 75)}),
    }
    same = advance_per_group(rankings, 1)
    assert {group: cut.advancing for group, cut in same.items()} == {
        "人文社科组": ("W",),
        "自然科学组": ("q",),
    }
    own = advance_per_group(rankings, {"人文社科组": 2, "自然科学组": 2})
    assert own["人文社科组"].tied_at_cut == ("X", "Y") and own["自然科学组"].advancing == ("q", "p")


@pytest.mark.parametrize("n", [0, -1, True])
def test_the_number_advancing_is_a_positive_whole_number(n):
    with pytest.raises(ScoringError) as refused:
        top_n(rank(FOUR), n)
    assert refused.value.code == "bad_advance_count"


# ---------------------------------------------------------------------------------------------
# Whatever the marks

tenths = st.integers(min_value=0, max_value=1000).map(lambda n: Decimal(n).scaleb(-1))
panels = st.dictionaries(
    st.integers(min_value=1, max_value=40),
    st.dictionaries(st.sampled_from(["j1", "j2", "j3", "j4", "j5"]), tenths, min_size=1),
    max_size=12,
)


@given(panels)
def test_ranks_follow_the_chain_and_count_the_entries_ahead(marks):
    ranking = rank(marks)
    rows = ranking.rows
    assert sorted(row.entry for row in rows) == sorted(marks)
    standing = [(row.score, row.median, row.top_marks) for row in rows]
    assert standing == sorted(standing, reverse=True)
    for index, row in enumerate(rows):
        assert row.rank == 1 + next(i for i, other in enumerate(rows) if other.rank == row.rank)
        if index:  # shares the rank above exactly when the chain cannot tell them apart
            assert (row.rank == rows[index - 1].rank) == (standing[index] == standing[index - 1])
    assert [len(tie.entries) for tie in ranking.ties] == [
        sum(1 for row in rows if row.rank == tie.rank) for tie in ranking.ties
    ]
    assert all(len(tie.entries) > 1 for tie in ranking.ties)
    # The order the entries are passed in changes nothing but the order within a shared rank.
    again = rank(dict(reversed(list(marks.items()))))
    assert {row.entry: row.rank for row in again.rows} == {row.entry: row.rank for row in rows}
