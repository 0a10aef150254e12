"""The congress's arithmetic, pure (no database): shares, the composition checks, quorum, majority.

Decisions compare whole numbers exactly (``part * den >= num * whole``), never rounded percentages,
so 18 teachers of 30 meet "at least 3/5" and 17 do not. Percentages are only for reading: one
decimal, rounded half up (``Rate.percent``: 2 of 3 is 66.7%, 1 of 8 is 12.5%).

- Teachers at least ``teachers_min`` (default 3/5, 60%) of the representatives: a rule.
- Leaders (领导干部, as the office marked them) at most ``leaders_max`` (default 1/5, 20%): a rule.
- Women and young staff (under 35 on the day of the check): a warning when their share among the
  representatives is lower than among the unit's active staff (compared exactly).
- A rule not met is shown as 不符合 and a warning as 提示; neither blocks an election (the unit's
  vote is the unit's), they are for the office to act on.
- Quorum: at least ``quorum`` (default 2/3) of all voters present: 30 voters → 20 needed.
- Majority: the voting engine's base, more than half of all voters (default 1/2, 30 → 16) or at
  least two thirds of all voters (2/3, 30 → 20).
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

YOUNG_BELOW = 35


@dataclass(frozen=True)
class Ratio:
    num: int
    den: int

    def __str__(self) -> str:
        return f"{self.num}/{self.den}"

    @property
    def percent(self) -> str:
        return Rate(self.num, self.den).percent


@dataclass(frozen=True)
class Rate:
    part: int
    whole: int

    @property
    def percent(self) -> str:
        """``part / whole`` as a percentage with one decimal, half up ("62.5%"); "—" for 0 / 0."""
        if self.whole <= 0:
            return "—"
        value = (Decimal(self.part) * 100 / Decimal(self.whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
        return f"{value}%"


def at_least(part: int, whole: int, fraction: Ratio) -> bool:
    return part * fraction.den >= fraction.num * whole


def at_most(part: int, whole: int, fraction: Ratio) -> bool:
    return part * fraction.den <= fraction.num * whole


def quorum_needed(total: int, quorum: Ratio) -> int:
    """The fewest present that make a quorum of ``total``: ceil(total × num / den)."""
    return -(-total * quorum.num // quorum.den)


def is_quorate(present: int, total: int, quorum: Ratio) -> bool:
    return total > 0 and at_least(present, total, quorum)


def majority_needed(total: int, majority: Ratio) -> int:
    """Votes needed to pass with ``majority`` of all voters: more than half (1/2) is
    floor(total / 2) + 1; any other fraction (2/3) is at least ceil(total × num / den)."""
    if majority.num * 2 == majority.den:
        return total // 2 + 1
    return quorum_needed(total, majority)


def age_on(birth_date: date | None, birth_year: int | None, on: date) -> int | None:
    """Age in whole years on ``on``; from the birth year alone (on.year − year) when the roster
    has no full date; None when it has neither."""
    if birth_date is not None:
        return on.year - birth_date.year - ((on.month, on.day) < (birth_date.month, birth_date.day))
    if birth_year is not None:
        return on.year - birth_year
    return None


def is_young(birth_date: date | None, birth_year: int | None, on: date) -> bool:
    age = age_on(birth_date, birth_year, on)
    return age is not None and age < YOUNG_BELOW


@dataclass(frozen=True)
class Profile:
    """Counts of a group of people: the representatives, or the unit's active staff."""

    total: int = 0
    teachers: int = 0
    leaders: int = 0
    women: int = 0
    young: int = 0


@dataclass(frozen=True)
class Check:
    code: str  # teachers, leaders, women, young
    is_rule: bool  # a rule of the congress (False: a warning against the staff's share)
    ok: bool
    rate: Rate  # among the representatives
    bound: str  # what it is compared with, for reading ("≥ 60.0%", "全体教职工 45.0%")


def composition_checks(
    reps: Profile, staff: Profile, *, teachers_min: Ratio, leaders_max: Ratio
) -> list[Check]:
    """The four checks of a congress's composition, in the order a page shows them."""
    return [
        Check(
            "teachers",
            True,
            reps.total > 0 and at_least(reps.teachers, reps.total, teachers_min),
            Rate(reps.teachers, reps.total),
            f"≥ {teachers_min.percent}",
        ),
        Check(
            "leaders",
            True,
            at_most(reps.leaders, reps.total, leaders_max),
            Rate(reps.leaders, reps.total),
            f"≤ {leaders_max.percent}",
        ),
        Check(
            "women",
            False,
            not _under(reps.women, reps.total, staff.women, staff.total),
            Rate(reps.women, reps.total),
            Rate(staff.women, staff.total).percent,
        ),
        Check(
            "young",
            False,
            not _under(reps.young, reps.total, staff.young, staff.total),
            Rate(reps.young, reps.total),
            Rate(staff.young, staff.total).percent,
        ),
    ]


def _under(part: int, whole: int, staff_part: int, staff_whole: int) -> bool:
    """``part / whole`` < ``staff_part / staff_whole``, exactly (no representatives: not yet)."""
    if whole <= 0 or staff_whole <= 0:
        return False
    return part * staff_whole < staff_part * whole
