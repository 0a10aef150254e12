"""The eligibility rules, each returning the reason in Chinese when the candidate fails."""

from datetime import date

from chuangxian.selections.eligibility import (
    Facts,
    Rules,
    failures,
    full_years,
    rule_cadre_years,
    rule_in_post,
    rule_no_discipline,
    rule_not_honoured,
    rules_text,
)

TODAY = date(2012, 3, 1)


def member(**overrides):
    values = {"name": "林老师", "today": TODAY, "is_member": True, "in_post": True}
    values.update(overrides)
    return Facts(**values)


def test_in_post():
    assert rule_in_post(member()) is None
    assert "不是在职会员" in rule_in_post(member(in_post=False))
    assert rule_in_post(Facts(name="师德讲堂", today=TODAY)) is None  # a project: the rule does not apply


def test_full_years_count_to_the_day():
    assert full_years(date(2009, 3, 1), TODAY) == 3
    assert full_years(date(2009, 3, 2), TODAY) == 2
    assert full_years(date(2008, 2, 29), date(2012, 2, 28)) == 3
    assert full_years(date(2013, 1, 1), TODAY) == 0


def test_cadre_years():
    assert rule_cadre_years(member(union_work_since=date(2009, 3, 1)), 3) is None
    short = rule_cadre_years(member(union_work_since=date(2009, 3, 2)), 3)
    assert short == "林老师自 2009-03-02 起从事工会工作，至今满 2 年，不足“从事工会工作满 3 年”的条件。"
    unknown = rule_cadre_years(member(), 3)
    assert "没有登记从事工会工作的起始日期" in unknown
    assert "评选资格信息" in unknown


def test_not_honoured_applies_to_every_kind():
    assert rule_not_honoured(member()) is None
    assert "已获得过该荣誉" in rule_not_honoured(Facts(name="文学院", today=TODAY, honoured=True))


def test_no_discipline():
    assert rule_no_discipline(member()) is None
    assert "处分记录" in rule_no_discipline(member(disciplined=True))


def test_failures_lists_every_chosen_rule_failed_in_order():
    rules = Rules(in_post=True, cadre_years=5, not_honoured=True, no_discipline=True)
    facts = member(in_post=False, union_work_since=date(2010, 1, 1), disciplined=True, honoured=True)
    reasons = failures(rules, facts)
    assert len(reasons) == 4
    assert "在职会员" in reasons[0] and "满 5 年" in reasons[1]
    assert "荣誉" in reasons[2] and "处分" in reasons[3]
    assert failures(Rules(), facts) == []  # no rule chosen: everyone is eligible
    assert failures(rules, member(union_work_since=date(2000, 1, 1))) == []


def test_rules_text():
    assert rules_text(Rules(in_post=True, cadre_years=3)) == ["在职会员", "从事工会工作满 3 年"]
