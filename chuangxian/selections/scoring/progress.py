"""Who still has to score what: the panel secretary's table and reminders. Pure, no database.

Every judge of a panel scores every entry of it except the ones they are recused from
(``recusal.recusals``). Given the pairs already submitted (a judge's sheet locks when submitted),
``progress`` says, per judge, which entries are still owed (the reminder's list), per entry how
many sheets are in of how many due, and two things the secretary must see before the scores are
closed: entries that no judge of the panel may score (every judge recused: the panel needs another
judge), and whether the entries are scored by different numbers of judges (recusals make some
entries' final score a plain mean of four while others drop the extremes of five).
"""

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from chuangxian.selections.scoring.marks import TRIM_FROM

E = TypeVar("E", bound=Hashable)
J = TypeVar("J", bound=Hashable)


@dataclass(frozen=True)
class EntryProgress(Generic[E]):
    entry: E
    submitted: int  # sheets in
    due: int  # judges who score it (the panel less the recused)

    @property
    def complete(self) -> bool:
        return self.submitted == self.due

    @property
    def trimmed(self) -> bool:
        """Whether its final score will drop the extremes (``TRIM_FROM`` judges or more)."""
        return self.due >= TRIM_FROM


@dataclass(frozen=True)
class Progress(Generic[J, E]):
    owed: dict[J, tuple[E, ...]]  # per judge, the entries still to score (judges owing none left out)
    entries: tuple[EntryProgress[E], ...]  # in the entries' order
    unscorable: tuple[E, ...]  # entries every judge of the panel is recused from

    @property
    def complete(self) -> bool:
        """Every sheet due is in (and every entry has a judge)."""
        return not self.owed and not self.unscorable

    @property
    def uneven(self) -> bool:
        """Whether the entries are scored by different numbers of judges."""
        return len({row.due for row in self.entries if row.due}) > 1


def progress(
    *,
    judges: Sequence[J],
    entries: Sequence[E],
    recused: Collection[tuple[J, E]],
    submitted: Collection[tuple[J, E]],
) -> Progress[J, E]:
    """The panel's scoring progress. ``recused`` and ``submitted`` are (judge, entry) pairs; a
    submitted pair that is recused or outside the panel is not counted (it is not due)."""
    due = {(judge, entry) for judge in judges for entry in entries if (judge, entry) not in recused}
    done = due & set(submitted)
    owed = {
        judge: owing
        for judge in judges
        if (owing := tuple(e for e in entries if (judge, e) in due and (judge, e) not in done))
    }
    rows = tuple(
        EntryProgress(
            entry=entry,
            submitted=sum(1 for judge in judges if (judge, entry) in done),
            due=sum(1 for judge in judges if (judge, entry) in due),
        )
        for entry in entries
    )
    return Progress(owed=owed, entries=rows, unscorable=tuple(row.entry for row in rows if not row.due))
