"""The panel secretary's view of who still has to score what (``selections/scoring/progress.py``)."""

from chuangxian.selections.scoring import progress

JUDGES = ["张", "李", "王"]
ENTRIES = [1, 2, 3]


def test_each_judge_owes_every_entry_not_recused_and_not_yet_submitted():
    state = progress(
        judges=JUDGES,
        entries=ENTRIES,
        recused={("张", 1)},
        submitted={("张", 2), ("李", 1), ("李", 2), ("李", 3)},
    )
    assert state.owed == {"张": (3,), "王": (1, 2, 3)}
    assert [(row.entry, row.submitted, row.due, row.complete) for row in state.entries] == [
        (1, 1, 2, False),
        (2, 2, 3, False),
        (3, 1, 3, False),
    ]
    assert not state.complete and state.uneven and state.unscorable == ()


def test_all_sheets_in_is_complete_and_a_recused_sheet_does_not_count():
    every = {(j, e) for j in JUDGES for e in ENTRIES}
    state = progress(judges=JUDGES, entries=ENTRIES, recused={("王", 3)}, submitted=every | {("外人", 1)})
    assert state.owed == {} and state.complete
    assert [(row.submitted, row.due) for row in state.entries] == [(3, 3), (3, 3), (2, 2)]


def test_an_entry_every_judge_is_recused_from_is_reported():
    state = progress(
        judges=["张", "李"],
        entries=[1, 2],
        recused={("张", 2), ("李", 2)},
        submitted={("张", 1), ("李", 1)},
    )
    assert state.unscorable == (2,) and state.owed == {} and not state.complete
    assert not state.uneven  # the unscorable entry has no judges to compare


def test_five_judges_drop_the_extremes_and_a_recusal_can_take_an_entry_below_five():
    judges = ["a", "b", "c", "d", "e"]
    state = progress(judges=judges, entries=[1, 2], recused={("a", 2)}, submitted=set())
    assert [(row.due, row.trimmed) for row in state.entries] == [(5, True), (4, False)]
    assert state.uneven
