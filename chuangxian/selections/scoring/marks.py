"""A judge's sheet, its total, the overtime deduction and an entry's final score. Pure, no database.

**Marks.** A rubric is a list of items, each with a range (``minimum``–``maximum``, the minimum 0
unless set, e.g. 课堂教学 0–80, or 60–80 where a floor applies). A judge gives each item a mark
inside its range with at most one decimal place (``MARK_PLACES``): judges' paper sheets and the
national teaching competitions' sheets are marked in tenths (78.5), and a finer mark only makes
ties rarer by noise. The value counts, not how it is written: ``78.50`` is 78.5 and allowed,
``78.25`` is refused. A sheet's total is the sum of its marks (so it too has at most one decimal).

**Overtime** (teaching competitions). ``OvertimeRule``: the lecture is allowed ``limit_seconds``;
every *started* minute beyond the limit costs ``per_minute`` points (1 s over is one minute, 61 s
over is two), with at most ``cap`` points in all (``None``: no cap). Optionally an overrun of at
most ``grace_seconds`` costs nothing; beyond the grace the minutes still count from the limit
(limit 20:00, grace 30 s: 20:25 costs 0, 20:45 costs one minute, 21:01 two). The time is taken once
by the timekeeper, so the deduction is one number per lecture: ``apply_deduction`` takes it off every
judge's total (not below 0) and everything after — final score, median, top marks — is computed
from those reduced totals. Because a trimmed mean moves with its marks, this is the same as taking
the deduction off the final score, except that no total goes below 0.

**Final score.** With at least ``TRIM_FROM`` (5) judges' totals, one highest and one lowest are
dropped (one each, even when several judges gave the same mark) and the rest averaged; with fewer,
the plain mean of all. The mean is computed exactly (as a fraction) and rounded once, half up
(away from zero), to two decimals: 85.125 → 85.13, never the banker's 85.12.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from django.utils.translation import gettext as _

from chuangxian.selections.quota import plain
from chuangxian.selections.scoring.errors import ScoringError, raise_problems

MARK_PLACES = 1  # decimals a judge may give on an item
SCORE_PLACES = 2  # decimals of a final score
TRIM_FROM = 5  # from this many judges on, one highest and one lowest total are dropped
ZERO = Decimal(0)


def places_at_most(number: Decimal, places: int) -> bool:
    """Whether the finite ``number``'s value needs no more than ``places`` decimals (78.50 needs one).

    Read from its digits, exactly: no arithmetic that the decimal context could round or refuse
    (``Decimal("1E+30") % 1`` raises; a normalised 78.000…0001 would lose its last digit).
    """
    _sign, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError("a mark is a finite number")
    extra = -exponent - places  # digits written beyond the allowed decimals
    return extra <= 0 or not any(digits[-extra:])


def round_half_up(value: Decimal | Fraction | int, places: int = SCORE_PLACES) -> Decimal:
    """``value`` rounded to ``places`` decimals, a half away from zero, computed exactly.

    The value is taken as an exact fraction (a mean of 3 or 7 marks is never cut to the decimal
    context's 28 digits first), so the only rounding is this one: 85.125 → 85.13, 85.124999… → 85.12.
    """
    exact = Fraction(value)
    scaled = abs(exact) * 10**places
    whole, rest = divmod(scaled.numerator, scaled.denominator)
    if 2 * rest >= scaled.denominator:
        whole += 1
    return Decimal(-whole if exact < 0 else whole).scaleb(-places)


# ---------------------------------------------------------------------------------------------
# The rubric and a judge's sheet


@dataclass(frozen=True)
class RubricItem:
    """One line of the judges' sheet. ``key`` identifies it in a sheet (the form field's name)."""

    key: str
    name: str
    maximum: Decimal
    minimum: Decimal = ZERO
    description: str = ""

    @property
    def range_text(self) -> str:
        """The range as the sheet prints it: "0–80"."""
        return f"{plain(self.minimum)}–{plain(self.maximum)}"


# The teaching competition's default sheet (issue 16): data the office copies and may edit.
TEACHING_RUBRIC = (
    RubricItem("design", "教学设计", Decimal(15)),
    RubricItem("teaching", "课堂教学", Decimal(80)),
    RubricItem("reflection", "教学反思", Decimal(5)),
)


def rubric_problems(items: Sequence[RubricItem]) -> list[ScoringError]:
    """Everything wrong with a rubric the office configures, in order (empty when it is usable).

    Codes: ``no_items``, ``no_name``, ``duplicate_item``, ``bad_range`` (a bound not a finite
    number with at most one decimal, a minimum below 0, or a maximum not above the minimum).
    """
    if not items:
        return [ScoringError(code="no_items", message=_("评分细则至少要有一项。"))]
    problems: list[ScoringError] = []
    seen: set[str] = set()
    for number, item in enumerate(items, start=1):
        name = item.name.strip()
        if not name or not item.key:
            problems.append(
                ScoringError(
                    code="no_name",
                    message=_("第 %(n)d 项评分细则没有名称。") % {"n": number},
                    field=item.key or None,
                )
            )
        elif item.key in seen:
            problems.append(
                ScoringError(
                    code="duplicate_item",
                    message=_("评分细则“%(name)s”重复了。") % {"name": name},
                    field=item.key,
                )
            )
        seen.add(item.key)
        bounds = (item.minimum, item.maximum)
        if not all(b.is_finite() and places_at_most(b, MARK_PLACES) for b in bounds):
            message = _("“%(name)s”的分值范围应为最多一位小数的数字。") % {"name": name or number}
        elif item.minimum < 0 or item.maximum <= item.minimum:
            message = _("“%(name)s”的最高分应大于最低分，最低分不能小于 0（现为 %(range)s）。") % {
                "name": name or number,
                "range": item.range_text,
            }
        else:
            continue
        problems.append(ScoringError(code="bad_range", message=message, field=item.key or None))
    return problems


def mark_problem(item: RubricItem, mark: Decimal | None) -> ScoringError | None:
    """What is wrong with one mark on ``item``, or ``None`` when it stands.

    Codes: ``missing``, ``not_a_number``, ``out_of_range`` (outside the item's range, the ends
    included), ``too_precise`` (more than ``MARK_PLACES`` decimals). The message names the item and
    its range, and quotes the mark as typed.
    """
    names = {"name": item.name, "range": item.range_text}
    if mark is None:
        return ScoringError(
            code="missing", message=_("请填写“%(name)s”的分数（%(range)s 分）。") % names, field=item.key
        )
    if not mark.is_finite():
        return ScoringError(
            code="not_a_number",
            message=_("“%(name)s”的分数应是 %(range)s 之间的数字。") % names,
            field=item.key,
        )
    typed = {**names, "mark": format(mark, "f")}
    if not item.minimum <= mark <= item.maximum:
        return ScoringError(
            code="out_of_range",
            message=_("“%(name)s”的分数应在 %(range)s 分之间，您填写的是 %(mark)s。") % typed,
            field=item.key,
        )
    if not places_at_most(mark, MARK_PLACES):
        return ScoringError(
            code="too_precise",
            message=_("“%(name)s”的分数最多保留一位小数，您填写的是 %(mark)s。") % typed,
            field=item.key,
        )
    return None


def sheet_problems(
    items: Sequence[RubricItem], marks: Mapping[str, Decimal | None], *, allow_missing: bool = False
) -> list[ScoringError]:
    """Every problem of a judge's sheet (``marks`` by item key), in the rubric's order.

    ``allow_missing`` lets a draft leave items empty; a submitted sheet may not. A key that is no
    item of the rubric is refused (``unknown_item``): a sheet never scores what the rubric lacks.
    """
    problems: list[ScoringError] = []
    for item in items:
        mark = marks.get(item.key)
        if mark is None and allow_missing:
            continue
        problem = mark_problem(item, mark)
        if problem is not None:
            problems.append(problem)
    known = {item.key for item in items}
    problems.extend(
        ScoringError(
            code="unknown_item", message=_("评分细则中没有“%(key)s”这一项。") % {"key": key}, field=key
        )
        for key in marks
        if key not in known
    )
    return problems


def sheet_total(items: Sequence[RubricItem], marks: Mapping[str, Decimal | None]) -> Decimal:
    """The total of a complete sheet, with one decimal (78.5 + 14 + 4.5 → 97.0).

    Raises ``Invalid`` listing every problem ``sheet_problems`` finds.
    """
    raise_problems(sheet_problems(items, marks))
    total = sum((mark for mark in marks.values() if mark is not None), ZERO)
    return total.quantize(Decimal(1).scaleb(-MARK_PLACES))


# ---------------------------------------------------------------------------------------------
# Overtime


@dataclass(frozen=True)
class OvertimeRule:
    """The allowed time and what each started minute beyond it costs (see the module's docstring).

    Refused on construction (``ScoringError`` code ``bad_overtime``) when the limit is not positive,
    the grace or a deduction is negative, or a deduction has more than ``MARK_PLACES`` decimals.
    """

    limit_seconds: int
    per_minute: Decimal
    cap: Decimal | None = None
    grace_seconds: int = 0

    def __post_init__(self) -> None:
        amounts = [self.per_minute] if self.cap is None else [self.per_minute, self.cap]
        if (
            self.limit_seconds <= 0
            or self.grace_seconds < 0
            or not all(a.is_finite() and a >= 0 and places_at_most(a, MARK_PLACES) for a in amounts)
        ):
            raise ScoringError(
                code="bad_overtime",
                message=_(
                    "超时扣分规则有误：规定时长应大于 0，宽限时间和每分钟扣分、扣分上限不能为负数，分值最多一位小数。"
                ),
            )


# A common default: a 20-minute lecture, 1 point per started minute over, at most 5 points.
DEFAULT_OVERTIME = OvertimeRule(limit_seconds=20 * 60, per_minute=Decimal(1), cap=Decimal(5))


def overtime_minutes(duration_seconds: int, rule: OvertimeRule) -> int:
    """The started minutes beyond the limit that count (0 within the limit or the grace)."""
    if duration_seconds < 0:
        raise ValueError("a duration is never negative")
    over = duration_seconds - rule.limit_seconds
    if over <= rule.grace_seconds or over <= 0:
        return 0
    return -(-over // 60)  # a started minute counts whole


def overtime_deduction(duration_seconds: int, rule: OvertimeRule) -> Decimal:
    """The points a lecture of ``duration_seconds`` loses under ``rule`` (0 when in time)."""
    deduction = rule.per_minute * overtime_minutes(duration_seconds, rule)
    return deduction if rule.cap is None else min(deduction, rule.cap)


def apply_deduction(totals: Iterable[Decimal], deduction: Decimal) -> list[Decimal]:
    """Every judge's total less the lecture's ``deduction``, none below 0, in the same order."""
    if deduction < 0:
        raise ValueError("a deduction is never negative")
    return [max(total - deduction, ZERO) for total in totals]


# ---------------------------------------------------------------------------------------------
# The final score


@dataclass(frozen=True)
class Trimmed:
    """The totals that count (sorted, low to high) and the two dropped, if any."""

    kept: tuple[Decimal, ...]
    dropped_high: Decimal | None
    dropped_low: Decimal | None


def _checked(totals: Iterable[Decimal]) -> list[Decimal]:
    marks = sorted(totals)
    if not marks:
        raise ScoringError(code="no_marks", message=_("还没有评委打分，无法计算得分。"))
    if not all(mark.is_finite() for mark in marks):
        raise ValueError("a judge's total is a finite number")
    return marks


def trimmed(totals: Iterable[Decimal]) -> Trimmed:
    """The judges' totals with one highest and one lowest dropped when there are ``TRIM_FROM`` or more.

    Raises ``ScoringError`` ``no_marks`` when there is no total.
    """
    marks = _checked(totals)
    if len(marks) >= TRIM_FROM:
        return Trimmed(kept=tuple(marks[1:-1]), dropped_high=marks[-1], dropped_low=marks[0])
    return Trimmed(kept=tuple(marks), dropped_high=None, dropped_low=None)


def final_score(totals: Iterable[Decimal]) -> Decimal:
    """The entry's final score from its judges' totals: the (trimmed) mean, half up to two decimals.

    Raises ``ScoringError`` ``no_marks`` when there is no total.
    """
    kept = trimmed(totals).kept
    return round_half_up(sum((Fraction(mark) for mark in kept), Fraction(0)) / len(kept))


def median(totals: Iterable[Decimal]) -> Decimal:
    """The middle of all the judges' totals (none dropped); the mean of the two middle ones when
    their number is even. Exact: marks with one decimal give a median with at most two."""
    marks = _checked(totals)
    middle = len(marks) // 2
    if len(marks) % 2:
        return marks[middle]
    return (marks[middle - 1] + marks[middle]) / 2
