"""The eligibility rules a selection type chooses from, each a small function that returns, in
Chinese, why a candidate fails it (None: the candidate passes). Pure: the facts are gathered once by
``selectors.candidate_facts`` and passed in.

- 在职会员 (``rule_in_post``): the member is on the roster as in post (在职, not 离职 or 退休). The
  roster knows no "formal / probationary" membership: a member on it is a formal member.
- 从事工会工作满 N 年 (``rule_cadre_years``): full years since ``MemberRecord.union_work_since``
  (kept by the office on the 评选资格信息 page), counted to the day the rule is asked.
- 本次创先活动中未获得过该荣誉 (``rule_not_honoured``): no entry of the candidate was awarded
  (``EntryStatus.AWARDED``) in a selection of the same type in the same campaign.
- 无处分记录 (``rule_no_discipline``): the office has not flagged a disciplinary record.

The member rules apply to members only; a type of projects or units may choose only
``rule_not_honoured`` (``MEMBER_RULES``, checked by the type's service).
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

MEMBER_RULES = ("rule_in_post", "rule_cadre_years", "rule_no_discipline")


@dataclass(frozen=True)
class Rules:
    in_post: bool = False
    cadre_years: int | None = None
    not_honoured: bool = False
    no_discipline: bool = False


@dataclass(frozen=True)
class Facts:
    """What the rules ask about one candidate. ``in_post``, ``union_work_since`` and ``disciplined``
    are a member's (None / False for a project or a unit)."""

    name: str
    today: date
    is_member: bool = False
    in_post: bool = False
    union_work_since: date | None = None
    disciplined: bool = False
    honoured: bool = False


def full_years(since: date, today: date) -> int:
    """Whole years from ``since`` to ``today`` (a birthday-style count: 2020-03-01 → 2023-02-28 is 2)."""
    years = today.year - since.year
    if (today.month, today.day) < (since.month, since.day):
        years -= 1
    return max(years, 0)


def rule_in_post(facts: Facts) -> str | None:
    if not facts.is_member or facts.in_post:
        return None
    return _("%(name)s不是在职会员（名册状态为离职或退休），不符合“须为在职会员”的条件。") % {
        "name": facts.name
    }


def rule_cadre_years(facts: Facts, years: int) -> str | None:
    if not facts.is_member:
        return None
    if facts.union_work_since is None:
        return _(
            "%(name)s没有登记从事工会工作的起始日期，无法核对“从事工会工作满 %(years)s 年”的条件；"
            "请学校工会在“评选资格信息”中登记。"
        ) % {"name": facts.name, "years": years}
    served = full_years(facts.union_work_since, facts.today)
    if served >= years:
        return None
    return _(
        "%(name)s自 %(since)s 起从事工会工作，至今满 %(served)s 年，不足“从事工会工作满 %(years)s 年”的条件。"
    ) % {"name": facts.name, "since": facts.union_work_since.isoformat(), "served": served, "years": years}


def rule_not_honoured(facts: Facts) -> str | None:
    if not facts.honoured:
        return None
    return _("%(name)s在本次创先活动中已获得过该荣誉，不能重复推荐。") % {"name": facts.name}


def rule_no_discipline(facts: Facts) -> str | None:
    if not facts.is_member or not facts.disciplined:
        return None
    return _("%(name)s有学校工会登记的处分记录，不符合“无处分记录”的条件。") % {"name": facts.name}


def failures(rules: Rules, facts: Facts) -> list[str]:
    """Every chosen rule the candidate fails, in the order above, as sentences."""
    checks: list[Callable[[], str | None]] = []
    if rules.in_post:
        checks.append(lambda: rule_in_post(facts))
    if rules.cadre_years:
        years = rules.cadre_years
        checks.append(lambda: rule_cadre_years(facts, years))
    if rules.not_honoured:
        checks.append(lambda: rule_not_honoured(facts))
    if rules.no_discipline:
        checks.append(lambda: rule_no_discipline(facts))
    return [reason for check in checks if (reason := check()) is not None]


def rules_text(rules: Rules) -> list[str]:
    """The chosen rules as short labels, for the type's pages."""
    labels = []
    if rules.in_post:
        labels.append(_("在职会员"))
    if rules.cadre_years:
        labels.append(_("从事工会工作满 %(years)s 年") % {"years": rules.cadre_years})
    if rules.not_honoured:
        labels.append(_("本次创先活动未获得过该荣誉"))
    if rules.no_discipline:
        labels.append(_("无处分记录"))
    return labels
