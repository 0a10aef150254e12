"""The ranking of a group's entries, its configurable tie-break, and the top N who advance. Pure.

``rank`` takes every entry's totals by judge (the totals as they count: after an overtime
deduction, see ``marks``) and orders the entries by their final score, highest first. Entries with
the same final score are ordered by the tie-break chain, a list of criterion names applied in turn,
each only to the entries still tied after the ones before it (default: all three, in this order):

- ``median`` (``MEDIAN``): the higher median of the entry's judges' totals (all of them, none
  dropped; ``marks.median``);
- ``top_marks`` (``TOP_MARKS``): more top marks. A judge's top mark is the highest total that judge
  gave to any entry of this ranking (the entries passed in: one group of one round); an entry's top
  marks are the number of judges whose total for it equals their top mark. Equal tops all count: a
  judge who gave two entries the same highest total gives each a top mark. A judge who did not
  score an entry (recused) gives it none;
- ``decision`` (``DECISION``): the order the committee recorded (``decision``, a list of entries,
  earlier ranks higher). It separates a tied set only when it names *every* entry of the set;
  otherwise it is passed over and the set stays tied. One list may hold the decisions on several
  ties (they never share an entry); entries of other rankings in it are ignored.

Entries still tied after the chain share a rank and the next rank skips (1, 2, 2, 4); ``Ranking.ties``
lists each such set — these are the ties a recorded decision must settle. Within a shared rank the
rows keep the order the entries were passed in. Entries without any total are not ranked; they are
listed in ``Ranking.unscored``.

``top_n`` takes the first N of a ranking (``advance_per_group`` each group's). Ties at the cut are
reported, never broken: when a tied set straddles place N, the entries above it advance, the set is
``tied_at_cut``, and ``seats_left`` says how many of its entries may still advance once the tie is
settled (by a recorded decision and ``rank`` again).
"""

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from itertools import groupby
from typing import Generic, TypeVar

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from chuangxian.selections.scoring.errors import ScoringError
from chuangxian.selections.scoring.marks import final_score, median

E = TypeVar("E", bound=Hashable)  # an entry (its id)
J = TypeVar("J", bound=Hashable)  # a judge (their id)
G = TypeVar("G", bound=Hashable)  # a group of a round

SCORE, MEDIAN, TOP_MARKS, DECISION = "score", "median", "top_marks", "decision"
CRITERIA = (MEDIAN, TOP_MARKS, DECISION)  # the tie-break criteria an office may chain
DEFAULT_TIE_BREAK = (MEDIAN, TOP_MARKS, DECISION)
CRITERION_LABELS = {
    SCORE: gettext_lazy("最后得分"),
    MEDIAN: gettext_lazy("评委打分的中位数"),
    TOP_MARKS: gettext_lazy("获评委最高分的次数"),
    DECISION: gettext_lazy("评审委员会的决定"),
}


@dataclass(frozen=True)
class RankedEntry(Generic[E]):
    """One row of the ranking. ``decided_by`` names what set the entry apart from the others with
    its final score: ``SCORE`` when no other entry has it, a criterion of the chain, or "" while it
    still shares its rank."""

    entry: E
    rank: int
    score: Decimal
    median: Decimal
    top_marks: int
    judges: int  # how many totals the entry has
    decided_by: str


@dataclass(frozen=True)
class Tie(Generic[E]):
    """Entries the chain left tied: they share ``rank``; a recorded decision must order them."""

    rank: int
    entries: tuple[E, ...]


@dataclass(frozen=True)
class Ranking(Generic[E]):
    rows: tuple[RankedEntry[E], ...]
    ties: tuple[Tie[E], ...]
    unscored: tuple[E, ...]
    tie_break: tuple[str, ...]


def tie_break_check(tie_break: Sequence[str]) -> tuple[str, ...]:
    """The chain as a tuple, or ``ScoringError`` ``bad_tie_break`` for an unknown or repeated name."""
    chain = tuple(tie_break)
    if any(name not in CRITERIA for name in chain) or len(set(chain)) != len(chain):
        raise ScoringError(
            code="bad_tie_break",
            message=_("同分排序规则只能从“%(names)s”中选择，且每项只用一次。")
            % {"names": "、".join(str(CRITERION_LABELS[name]) for name in CRITERIA)},
        )
    return chain


def top_mark_counts(marks: Mapping[E, Mapping[J, Decimal]]) -> dict[E, int]:
    """Each entry's top marks among ``marks`` (see the module's docstring)."""
    best: dict[J, Decimal] = {}
    for by_judge in marks.values():
        for judge, total in by_judge.items():
            if judge not in best or total > best[judge]:
                best[judge] = total
    return {
        entry: sum(1 for judge, total in by_judge.items() if total == best[judge])
        for entry, by_judge in marks.items()
    }


@dataclass
class _Block(Generic[E]):
    entries: list[E]
    decided_by: str


def rank(
    marks: Mapping[E, Mapping[J, Decimal]],
    *,
    tie_break: Sequence[str] = DEFAULT_TIE_BREAK,
    decision: Sequence[E] = (),
) -> Ranking[E]:
    """Rank the entries of one group by final score, then by the ``tie_break`` chain.

    ``marks``: each entry's totals by judge, in a stable order (it is the order within a shared
    rank). ``decision``: the committee's recorded order of tied entries. Raises ``ScoringError``
    ``bad_tie_break``, or ``bad_decision`` when the decision names an entry twice.
    """
    chain = tie_break_check(tie_break)
    if len(set(decision)) != len(decision):
        raise ScoringError(code="bad_decision", message=_("评审委员会决定的名次中有重复的参评对象。"))
    scored = {entry: by_judge for entry, by_judge in marks.items() if by_judge}
    scores = {entry: final_score(by_judge.values()) for entry, by_judge in scored.items()}
    medians = {entry: median(by_judge.values()) for entry, by_judge in scored.items()}
    tops = top_mark_counts(scored)
    place = {entry: index for index, entry in enumerate(decision)}

    def split(group: list[E], criterion: str) -> list[list[E]]:
        """``group`` in runs of equal standing under ``criterion``, best first (stable)."""
        if criterion == SCORE:
            key: dict[E, Decimal | int] = {e: scores[e] for e in group}
        elif criterion == MEDIAN:
            key = {e: medians[e] for e in group}
        elif criterion == TOP_MARKS:
            key = {e: tops[e] for e in group}
        elif all(e in place for e in group):  # DECISION, naming every entry of the tied set
            key = {e: -place[e] for e in group}
        else:
            key = dict.fromkeys(group, 0)
        ordered = sorted(group, key=key.__getitem__, reverse=True)  # stable for equal keys
        return [list(run) for _key, run in groupby(ordered, key=key.__getitem__)]

    def order(group: list[E], criteria: tuple[str, ...], by: str) -> list[_Block[E]]:
        if len(group) == 1:
            return [_Block(group, by)]
        if not criteria:
            return [_Block(group, "")]
        criterion, rest = criteria[0], criteria[1:]
        return [block for run in split(group, criterion) for block in order(run, rest, criterion)]

    rows: list[RankedEntry[E]] = []
    ties: list[Tie[E]] = []
    for block in order(list(scored), (SCORE, *chain), SCORE):
        shared = len(rows) + 1
        if len(block.entries) > 1:
            ties.append(Tie(rank=shared, entries=tuple(block.entries)))
        rows.extend(
            RankedEntry(
                entry=entry,
                rank=shared,
                score=scores[entry],
                median=medians[entry],
                top_marks=tops[entry],
                judges=len(scored[entry]),
                decided_by=block.decided_by,
            )
            for entry in block.entries
        )
    unscored = tuple(entry for entry in marks if entry not in scored)
    return Ranking(rows=tuple(rows), ties=tuple(ties), unscored=unscored, tie_break=chain)


# ---------------------------------------------------------------------------------------------
# Who advances


@dataclass(frozen=True)
class Advance(Generic[E]):
    """The result of a cut at N: who advances, and the tied set at the cut, if any."""

    advancing: tuple[E, ...]
    tied_at_cut: tuple[E, ...]
    seats_left: int  # places the tied set shares (0 when there is no tie at the cut)

    @property
    def settled(self) -> bool:
        return not self.tied_at_cut


def _seats_check(n: int) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ScoringError(code="bad_advance_count", message=_("每组晋级名额应为正整数。"))


def top_n(ranking: Ranking[E], n: int) -> Advance[E]:
    """The first ``n`` of ``ranking``; a tie across place ``n`` is reported, not broken.

    Every entry ranked when fewer than ``n`` are. Raises ``ScoringError`` ``bad_advance_count``.
    """
    _seats_check(n)
    advancing: list[E] = []
    for _rank, run in groupby(ranking.rows, key=lambda row: row.rank):
        entries = [row.entry for row in run]
        if len(advancing) + len(entries) <= n:
            advancing.extend(entries)
            continue
        if len(advancing) < n:
            return Advance(tuple(advancing), tuple(entries), n - len(advancing))
        break
    return Advance(tuple(advancing), (), 0)


def advance_per_group(rankings: Mapping[G, Ranking[E]], n: int | Mapping[G, int]) -> dict[G, Advance[E]]:
    """``top_n`` of each group's ranking; ``n`` one number for all groups or one per group."""
    return {
        group: top_n(ranking, n if isinstance(n, int) else n[group]) for group, ranking in rankings.items()
    }
