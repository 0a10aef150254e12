"""The quota arithmetic (``selections.quota``): each rounding rule at .4, .5 and .6, zero members,
the minimum of one, fixed quotas, and the sentence a refusal shows."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuangxian.selections.quota import (
    DOWN,
    FIVE_SIX,
    FIXED,
    HALF_UP,
    PERCENT,
    Quota,
    QuotaRule,
    plain,
    quota_for,
    quota_full_message,
    round_quota,
)


@pytest.mark.parametrize(
    ("value", "half_up", "down", "five_six"),
    [
        ("2.4", 2, 2, 2),
        ("2.5", 3, 2, 2),
        ("2.6", 3, 2, 3),
        ("2.45", 2, 2, 2),
        ("2.55", 3, 2, 2),  # 五舍六入 reads the first decimal only
        ("2.59", 3, 2, 2),
        ("2.99", 3, 2, 3),
        ("0.4", 0, 0, 0),
        ("0.5", 1, 0, 0),
        ("0.6", 1, 0, 1),
        ("3", 3, 3, 3),
        ("0", 0, 0, 0),
    ],
)
def test_each_rounding_rule(value, half_up, down, five_six):
    number = Decimal(value)
    assert round_quota(number, HALF_UP) == half_up
    assert round_quota(number, DOWN) == down
    assert round_quota(number, FIVE_SIX) == five_six


def test_an_unknown_rule_or_a_negative_value_is_an_error():
    with pytest.raises(ValueError, match="unknown rounding"):
        round_quota(Decimal(1), "banker")
    with pytest.raises(ValueError, match="never negative"):
        round_quota(Decimal(-1), HALF_UP)


def rule(percent: str, rounding: str = HALF_UP, *, at_least_one: bool = False) -> QuotaRule:
    return QuotaRule(mode=PERCENT, percent=Decimal(percent), rounding=rounding, at_least_one=at_least_one)


@pytest.mark.parametrize(
    ("members", "rounding", "limit"),
    [
        (48, HALF_UP, 2),  # 2.4
        (50, HALF_UP, 3),  # 2.5
        (52, HALF_UP, 3),  # 2.6
        (48, DOWN, 2),
        (50, DOWN, 2),
        (52, DOWN, 2),
        (48, FIVE_SIX, 2),
        (50, FIVE_SIX, 2),
        (52, FIVE_SIX, 3),
    ],
)
def test_five_percent_of_members_at_point_four_five_and_six(members, rounding, limit):
    assert quota_for(rule("5", rounding), members).limit == limit


def test_the_arithmetic_is_shown_as_the_office_writes_it():
    quota = quota_for(rule("5"), 47)
    assert quota == Quota(
        limit=2, minimum=0, arithmetic="本单位在职会员 47 人 × 5% = 2.35，按四舍五入为 2 名"
    )
    assert (
        quota_full_message(quota, 2)
        == "本单位在职会员 47 人 × 5% = 2.35，按四舍五入为 2 名，已推荐 2 名。名额已满，如需更换，请先撤回其中一个。"
    )
    assert "× 12.5% = 5，按五舍六入为 5 名" in quota_for(rule("12.50", FIVE_SIX), 40).arithmetic


def test_zero_members_have_no_place_even_with_the_minimum_of_one():
    assert quota_for(rule("5"), 0).limit == 0
    assert quota_for(rule("5", at_least_one=True), 0).limit == 0


def test_the_minimum_of_one_lifts_a_small_unit_only_when_the_type_says_so():
    assert quota_for(rule("5"), 8).limit == 0  # 0.4
    lifted = quota_for(rule("5", at_least_one=True), 8)
    assert lifted.limit == 1
    assert lifted.arithmetic.endswith("按四舍五入为 0 名，不足 1 名的按 1 名计")
    assert quota_for(rule("5", at_least_one=True), 60).limit == 3  # no effect above one


def test_a_fixed_quota_is_its_maximum_with_its_minimum_shown():
    one_to_two = quota_for(QuotaRule(mode=FIXED, minimum=1, maximum=2), 500, noun="项")
    assert one_to_two == Quota(limit=2, minimum=1, arithmetic="每个单位推荐 1–2 项")
    assert quota_for(QuotaRule(mode=FIXED, maximum=1), 0).arithmetic == "每个单位最多推荐 1 名"
    assert quota_for(QuotaRule(mode=FIXED, maximum=1), 0).limit == 1  # fixed: members do not count


def test_an_incomplete_rule_is_an_error():
    with pytest.raises(ValueError, match="maximum"):
        quota_for(QuotaRule(mode=FIXED), 10)
    with pytest.raises(ValueError, match="percentage"):
        quota_for(QuotaRule(mode=PERCENT), 10)


def test_plain_numbers():
    assert plain(Decimal("5.00")) == "5"
    assert plain(Decimal("2.350")) == "2.35"
    assert plain(Decimal("100")) == "100"


@given(
    members=st.integers(min_value=0, max_value=20000),
    percent=st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100), places=2),
)
def test_the_rules_order_and_bounds(members, percent):
    """Down ≤ 五舍六入 ≤ half up ≤ down + 1, and never above the members."""
    limits = {r: quota_for(rule(str(percent), r), members).limit for r in (DOWN, FIVE_SIX, HALF_UP)}
    assert limits[DOWN] <= limits[FIVE_SIX] <= limits[HALF_UP] <= limits[DOWN] + 1
    assert limits[HALF_UP] <= members
