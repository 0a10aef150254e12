"""The selection engine's arithmetic (issue 16), as pure functions: no database, no request.

The scoring pages and services call these; each module's docstring states its rules so that anyone
can check a published result by hand:

- ``marks``: the rubric and a judge's sheet (ranges, one decimal), the overtime deduction, and an
  entry's final score (one highest and one lowest dropped from five judges on, half up to two
  decimals);
- ``ranking``: the ranking with its configurable tie-break (median, top marks, recorded decision),
  shared ranks and the ties left for a decision; the top N of each group who advance;
- ``recusal``: which judge may not score which entry (own unit or its subtree), and why;
- ``progress``: who still has to score what, entries no judge may score, uneven panels;
- ``draw``: the recorded, reproducible presentation order (HMAC-SHA256 of the seed and each id).
"""

from chuangxian.selections.scoring.draw import draw_key, draw_keys, draw_order, seed_new
from chuangxian.selections.scoring.errors import Invalid, ScoringError
from chuangxian.selections.scoring.marks import (
    DEFAULT_OVERTIME,
    MARK_PLACES,
    SCORE_PLACES,
    TEACHING_RUBRIC,
    TRIM_FROM,
    OvertimeRule,
    RubricItem,
    Trimmed,
    apply_deduction,
    final_score,
    mark_problem,
    median,
    overtime_deduction,
    overtime_minutes,
    round_half_up,
    rubric_problems,
    sheet_problems,
    sheet_total,
    trimmed,
)
from chuangxian.selections.scoring.progress import EntryProgress, Progress, progress
from chuangxian.selections.scoring.ranking import (
    CRITERIA,
    CRITERION_LABELS,
    DECISION,
    DEFAULT_TIE_BREAK,
    MEDIAN,
    SCORE,
    TOP_MARKS,
    Advance,
    RankedEntry,
    Ranking,
    Tie,
    advance_per_group,
    rank,
    tie_break_check,
    top_mark_counts,
    top_n,
)
from chuangxian.selections.scoring.recusal import STEPLEN, UnitLike, recusal_reason, recusals, within

__all__ = [
    "CRITERIA",
    "CRITERION_LABELS",
    "DECISION",
    "DEFAULT_OVERTIME",
    "DEFAULT_TIE_BREAK",
    "MARK_PLACES",
    "MEDIAN",
    "SCORE",
    "SCORE_PLACES",
    "STEPLEN",
    "TEACHING_RUBRIC",
    "TOP_MARKS",
    "TRIM_FROM",
    "Advance",
    "EntryProgress",
    "Invalid",
    "OvertimeRule",
    "Progress",
    "RankedEntry",
    "Ranking",
    "RubricItem",
    "ScoringError",
    "Tie",
    "Trimmed",
    "UnitLike",
    "advance_per_group",
    "apply_deduction",
    "draw_key",
    "draw_keys",
    "draw_order",
    "final_score",
    "mark_problem",
    "median",
    "overtime_deduction",
    "overtime_minutes",
    "progress",
    "rank",
    "recusal_reason",
    "recusals",
    "round_half_up",
    "rubric_problems",
    "seed_new",
    "sheet_problems",
    "sheet_total",
    "tie_break_check",
    "top_mark_counts",
    "top_n",
    "trimmed",
    "within",
]
