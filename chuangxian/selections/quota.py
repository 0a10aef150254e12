"""The quota arithmetic: how many entries one nominating unit may put forward. Pure, no database.

A type's quota is either fixed (``minimum``–``maximum`` per unit, e.g. projects 1–2: at most
``maximum``; ``minimum`` is what each unit is expected to put forward: a nomination is never refused
for it, but the selection leaves its nomination stage only when every unit has reached it, unless
the office moves the stage with a reason — ``runs``) or a percentage of the unit's active members (在职会员, counted over its subtree),
rounded by the type's rule:

- 四舍五入 (``half_up``): .5 and above up — 2.5 → 3, 2.4 → 2;
- 向下取整 (``down``): always down — 2.9 → 2;
- 五舍六入 (``five_six``): the first decimal decides, 5 and below down, 6 and above up — 2.5 → 2,
  2.59 → 2, 2.6 → 3.

With ``at_least_one`` a unit that has active members gets at least one place even when the
percentage rounds to 0; a unit with no active members gets none whatever the rule (it has nobody to
put forward). ``Quota.arithmetic`` says the computation in Chinese, as the refusal shows it:
"本单位在职会员 47 人 × 5% = 2.35，按四舍五入为 2 名".
"""

from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

HALF_UP, DOWN, FIVE_SIX = "half_up", "down", "five_six"  # models.Rounding's values
FIXED, PERCENT = "fixed", "percent"  # models.QuotaMode's values
ROUNDING_LABELS = {HALF_UP: "四舍五入", DOWN: "向下取整", FIVE_SIX: "五舍六入"}


@dataclass(frozen=True)
class QuotaRule:
    mode: str
    minimum: int = 0
    maximum: int | None = None
    percent: Decimal | None = None
    rounding: str = HALF_UP
    at_least_one: bool = False


@dataclass(frozen=True)
class Quota:
    limit: int  # the most entries the unit may have
    minimum: int  # what the unit is expected to put forward (fixed quotas)
    arithmetic: str  # how ``limit`` was found, in Chinese


def plain(number: Decimal) -> str:
    """A decimal as people write it: 5.00 → "5", 2.350 → "2.35", never an exponent."""
    return format(number.normalize(), "f")


def round_quota(value: Decimal, rounding: str) -> int:
    """``value`` (not negative) rounded to a whole number of places by ``rounding``."""
    if value < 0:
        raise ValueError("a quota is never negative")
    if rounding == HALF_UP:
        return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    if rounding == DOWN:
        return int(value.quantize(Decimal(1), rounding=ROUND_DOWN))
    if rounding == FIVE_SIX:
        whole = int(value.quantize(Decimal(1), rounding=ROUND_DOWN))
        tenths = int((value - whole) * 10)  # the first decimal
        return whole + 1 if tenths >= 6 else whole
    raise ValueError(f"unknown rounding {rounding!r}")


def quota_for(rule: QuotaRule, active_members: int, *, noun: str = "名") -> Quota:
    """The quota of a unit with ``active_members`` active members under ``rule``.

    ``noun`` counts the entries (名, 项, 个). Raises ValueError for a rule that is not whole (a
    percentage rule without its percentage, a fixed one without its maximum): the type's form and
    its database constraint keep such rules out.
    """
    if rule.mode == FIXED:
        if rule.maximum is None:
            raise ValueError("a fixed quota needs its maximum")
        if rule.minimum and rule.minimum != rule.maximum:
            text = _("每个单位推荐 %(min)s–%(max)s %(noun)s") % {
                "min": rule.minimum,
                "max": rule.maximum,
                "noun": noun,
            }
        else:
            text = _("每个单位最多推荐 %(max)s %(noun)s") % {"max": rule.maximum, "noun": noun}
        return Quota(limit=rule.maximum, minimum=min(rule.minimum, rule.maximum), arithmetic=text)
    if rule.mode != PERCENT or rule.percent is None:
        raise ValueError("a percentage quota needs its percentage")
    if active_members < 0:
        raise ValueError("a member count is never negative")
    value = Decimal(active_members) * rule.percent / 100
    limit = round_quota(value, rule.rounding)
    text = _("本单位在职会员 %(n)s 人 × %(percent)s%% = %(value)s，按%(rounding)s为 %(limit)s %(noun)s") % {
        "n": active_members,
        "percent": plain(rule.percent),
        "value": plain(value),
        "rounding": ROUNDING_LABELS[rule.rounding],
        "limit": limit,
        "noun": noun,
    }
    if rule.at_least_one and limit == 0 and active_members > 0:
        limit = 1
        text += _("，不足 1 %(noun)s的按 1 %(noun)s计") % {"noun": noun}
    return Quota(limit=limit, minimum=0, arithmetic=text)


def quota_full_message(quota: Quota, used: int, *, noun: str = "名") -> str:
    """The refusal of a nomination over the quota: the arithmetic, then what the unit has used."""
    return _("%(arithmetic)s，已推荐 %(used)s %(noun)s。名额已满，如需更换，请先撤回其中一个。") % {
        "arithmetic": quota.arithmetic,
        "used": used,
        "noun": noun,
    }
