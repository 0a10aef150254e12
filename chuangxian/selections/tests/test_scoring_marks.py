"""The judges' marks: the rubric's ranges, a sheet's total, overtime, and the final score's trimmed mean
and its half-up rounding (``selections/scoring/marks.py``). Pure arithmetic: no database."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuangxian.selections.scoring import (
    DEFAULT_OVERTIME,
    TEACHING_RUBRIC,
    Invalid,
    OvertimeRule,
    RubricItem,
    ScoringError,
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


def D(*values):
    return [Decimal(str(v)) for v in values]


# ---------------------------------------------------------------------------------------------
# The final score


def test_three_judges_take_the_plain_mean():
    assert final_score(D("90.0", "85.5", "88.0")) == Decimal("87.83")  # 263.5 / 3 = 87.833…


def test_four_judges_take_the_plain_mean_none_dropped():
    # Trimmed it would be (70 + 80) / 2 = 75.
    assert final_score(D(100, 60, 70, 80)) == Decimal("77.50")
    assert trimmed(D(100, 60, 70, 80)).dropped_high is None


def test_five_judges_drop_one_highest_and_one_lowest():
    # Untrimmed: 401 / 5 = 80.2.
    assert final_score(D(95, 60, 80, 82, 84)) == Decimal("82.00")
    cut = trimmed(D(95, 60, 80, 82, 84))
    assert (cut.dropped_high, cut.dropped_low, cut.kept) == (Decimal(95), Decimal(60), tuple(D(80, 82, 84)))


def test_seven_judges_drop_only_one_at_each_end():
    # kept 70, 88, 88.5, 90, 91 → 427.5 / 5; dropping two at each end would give 88.83.
    assert final_score(D(70, 88, "88.5", 90, 91, "99.5", 60)) == Decimal("85.50")


def test_equal_highest_marks_lose_only_one_of_them():
    # (80 + 90 + 90) / 3 = 86.666…; dropping every 90 would leave 80.
    assert final_score(D(90, 90, 90, 80, 70)) == Decimal("86.67")


def test_a_mean_ending_in_five_thousandths_rounds_half_up_not_to_even():
    # 340.5 / 4 = 85.125: half up 85.13; the banker's rule (Decimal's default) would give 85.12.
    assert final_score(D(85, "85.5", 85, 85)) == Decimal("85.13")
    # 341.3 / 4 = 85.325 → 85.33 (85.32 to even); 341.5 / 4 = 85.375 → 85.38 either way.
    assert final_score(D(85, "85.8", 85, "85.5")) == Decimal("85.33")
    assert final_score(D(85, "86", 85, "85.5")) == Decimal("85.38")


def test_the_score_always_shows_two_decimals():
    assert str(final_score(D(82, 82, 82))) == "82.00"
    assert str(final_score(D("80.5"))) == "80.50"


def test_round_half_up_is_exact_and_symmetric():
    assert round_half_up(Decimal("85.125")) == Decimal("85.13")
    assert round_half_up(Decimal("85.135")) == Decimal("85.14")
    assert round_half_up(Decimal("85.1249999999999999999999999999999")) == Decimal("85.12")
    assert round_half_up(Decimal("-85.125")) == Decimal("-85.13")
    assert round_half_up(Decimal("2.5"), 0) == Decimal(3)
    assert str(round_half_up(0)) == "0.00"


def test_no_marks_means_no_score():
    with pytest.raises(ScoringError) as refused:
        final_score([])
    assert refused.value.code == "no_marks"


def test_the_median_takes_every_mark_and_averages_the_middle_pair():
    assert median(D(60, 80, 80, 90, 100)) == Decimal(80)
    assert median(D(90, 80, 70, "85.5")) == Decimal("82.75")
    assert median(D("70.5")) == Decimal("70.5")


marks_strategy = st.lists(
    st.integers(min_value=0, max_value=1000).map(lambda tenths: Decimal(tenths).scaleb(-1)),
    min_size=1,
    max_size=11,
)


@given(marks_strategy)
def test_the_final_score_lies_between_the_lowest_and_highest_mark_whatever_their_order(marks):
    score = final_score(marks)
    assert min(marks) <= score <= max(marks)
    assert final_score(list(reversed(marks))) == score
    assert score.as_tuple().exponent == -2


@given(marks_strategy, st.integers(min_value=0, max_value=50).map(lambda tenths: Decimal(tenths).scaleb(-1)))
def test_a_deduction_from_every_judge_is_a_deduction_from_the_final_score(marks, deduction):
    if min(marks) >= deduction:  # no total clipped at 0
        assert final_score(apply_deduction(marks, deduction)) == final_score(marks) - deduction


# ---------------------------------------------------------------------------------------------
# The rubric and a judge's sheet

TEACHING = {item.key: item for item in TEACHING_RUBRIC}


def test_the_teaching_competitions_default_rubric_is_valid_and_worth_100():
    assert rubric_problems(TEACHING_RUBRIC) == []
    assert [(i.name, i.maximum) for i in TEACHING_RUBRIC] == [
        ("教学设计", 15),
        ("课堂教学", 80),
        ("教学反思", 5),
    ]
    assert sum(item.maximum for item in TEACHING_RUBRIC) == 100


def test_a_rubric_reports_every_problem_at_once():
    items = [
        RubricItem("a", "教学设计", Decimal(15)),
        RubricItem("a", "重复", Decimal(10)),
        RubricItem("b", " ", Decimal(10)),
        RubricItem("c", "仪表", Decimal(5), minimum=Decimal(-1)),
        RubricItem("d", "板书", Decimal(5), minimum=Decimal(5)),
        RubricItem("e", "语言", Decimal("5.25")),
        RubricItem("f", "课件", Decimal("NaN")),
    ]
    problems = rubric_problems(items)
    assert [(p.code, p.field) for p in problems] == [
        ("duplicate_item", "a"),
        ("no_name", "b"),
        ("bad_range", "c"),
        ("bad_range", "d"),
        ("bad_range", "e"),
        ("bad_range", "f"),
    ]
    assert "“板书”的最高分应大于最低分" in problems[3].message and "5–5" in problems[3].message
    assert [p.code for p in rubric_problems([])] == ["no_items"]


def test_a_mark_inside_the_range_with_one_decimal_stands():
    teaching = TEACHING["teaching"]
    for mark in ("0", "80", "78.5", "78.50", "0.1"):
        assert mark_problem(teaching, Decimal(mark)) is None, mark


@pytest.mark.parametrize(
    ("mark", "code", "message"),
    [
        ("80.1", "out_of_range", "“课堂教学”的分数应在 0–80 分之间，您填写的是 80.1。"),
        ("-0.1", "out_of_range", "“课堂教学”的分数应在 0–80 分之间，您填写的是 -0.1。"),
        ("100", "out_of_range", "“课堂教学”的分数应在 0–80 分之间，您填写的是 100。"),
        ("78.25", "too_precise", "“课堂教学”的分数最多保留一位小数，您填写的是 78.25。"),
        ("78.05", "too_precise", "“课堂教学”的分数最多保留一位小数，您填写的是 78.05。"),
        ("NaN", "not_a_number", "“课堂教学”的分数应是 0–80 之间的数字。"),
        (None, "missing", "请填写“课堂教学”的分数（0–80 分）。"),
    ],
)
def test_a_mark_is_refused_with_the_item_and_its_range_named(mark, code, message):
    problem = mark_problem(TEACHING["teaching"], None if mark is None else Decimal(mark))
    assert problem is not None
    assert (problem.code, problem.message, problem.field) == (code, message, "teaching")


def test_an_item_with_a_floor_refuses_a_mark_below_it():
    item = RubricItem("teaching", "课堂教学", Decimal(80), minimum=Decimal(60))
    assert mark_problem(item, Decimal(60)) is None
    problem = mark_problem(item, Decimal("59.9"))
    assert problem is not None and problem.code == "out_of_range" and "60–80" in problem.message


def test_a_sheet_reports_every_problem_at_once_in_the_rubrics_order():
    marks = {"extra": Decimal(1), "reflection": None, "teaching": Decimal("78.25"), "design": Decimal(16)}
    problems = sheet_problems(TEACHING_RUBRIC, marks)
    assert [(p.code, p.field) for p in problems] == [
        ("out_of_range", "design"),
        ("too_precise", "teaching"),
        ("missing", "reflection"),
        ("unknown_item", "extra"),
    ]
    with pytest.raises(Invalid) as refused:
        sheet_total(TEACHING_RUBRIC, marks)
    assert refused.value.code == "invalid"
    assert [p.code for p in refused.value.problems] == [p.code for p in problems]
    assert "“教学设计”的分数应在 0–15 分之间" in refused.value.message
    assert "请填写“教学反思”的分数" in refused.value.message


def test_a_draft_may_leave_items_empty_but_not_wrong():
    draft = {"design": Decimal("14.5"), "teaching": None}
    assert sheet_problems(TEACHING_RUBRIC, draft, allow_missing=True) == []
    assert [p.code for p in sheet_problems(TEACHING_RUBRIC, draft)] == ["missing", "missing"]
    wrong = {"design": Decimal("15.5")}
    assert [p.code for p in sheet_problems(TEACHING_RUBRIC, wrong, allow_missing=True)] == ["out_of_range"]


def test_a_complete_sheets_total_has_one_decimal():
    total = sheet_total(
        TEACHING_RUBRIC, {"design": Decimal("14.5"), "teaching": Decimal("78.50"), "reflection": Decimal(4)}
    )
    assert total == Decimal("97") and str(total) == "97.0"


# ---------------------------------------------------------------------------------------------
# Overtime

RULE = OvertimeRule(limit_seconds=20 * 60, per_minute=Decimal(1), cap=Decimal(5))


@pytest.mark.parametrize(
    ("seconds", "minutes", "points"),
    [
        (0, 0, "0"),
        (1199, 0, "0"),
        (1200, 0, "0"),
        (1201, 1, "1"),  # a started minute counts whole
        (1260, 1, "1"),
        (1261, 2, "2"),
        (1200 + 5 * 60, 5, "5"),
        (1200 + 5 * 60 + 1, 6, "5"),  # capped
        (1200 + 60 * 60, 60, "5"),
    ],
)
def test_each_started_minute_over_costs_up_to_the_cap(seconds, minutes, points):
    assert overtime_minutes(seconds, RULE) == minutes
    assert overtime_deduction(seconds, RULE) == Decimal(points)


def test_without_a_cap_every_minute_costs():
    rule = OvertimeRule(limit_seconds=600, per_minute=Decimal("0.5"))
    assert overtime_deduction(600 + 7 * 60, rule) == Decimal("3.5")


def test_a_grace_waives_a_short_overrun_but_minutes_count_from_the_limit():
    rule = OvertimeRule(limit_seconds=1200, per_minute=Decimal(1), grace_seconds=30)
    assert [overtime_minutes(s, rule) for s in (1225, 1230, 1231, 1260, 1261)] == [0, 0, 1, 1, 2]


def test_the_default_rule_is_twenty_minutes_one_point_a_minute_five_at_most():
    assert DEFAULT_OVERTIME == RULE


@pytest.mark.parametrize(
    "kwargs",
    [
        {"limit_seconds": 0, "per_minute": Decimal(1)},
        {"limit_seconds": 1200, "per_minute": Decimal(-1)},
        {"limit_seconds": 1200, "per_minute": Decimal("0.25")},
        {"limit_seconds": 1200, "per_minute": Decimal(1), "cap": Decimal(-5)},
        {"limit_seconds": 1200, "per_minute": Decimal(1), "grace_seconds": -1},
        {"limit_seconds": 1200, "per_minute": Decimal("Infinity")},
    ],
)
def test_a_bad_overtime_rule_is_refused(kwargs):
    with pytest.raises(ScoringError) as refused:
        OvertimeRule(**kwargs)
    assert refused.value.code == "bad_overtime" and "超时扣分规则有误" in refused.value.message


def test_a_deduction_comes_off_every_judges_total_but_none_goes_below_zero():
    assert apply_deduction(D(90, "1.0", 2), Decimal("1.5")) == D("88.5", 0, "0.5")
    with pytest.raises(ValueError, match="deduction is never negative"):
        apply_deduction(D(90), Decimal(-1))
    with pytest.raises(ValueError, match="duration is never negative"):
        overtime_minutes(-1, RULE)


def test_the_decimals_are_read_exactly_whatever_the_size_of_the_number():
    teaching = TEACHING["teaching"]
    tiny = mark_problem(teaching, Decimal("78.0000000000000000000000000000001"))
    assert tiny is not None and tiny.code == "too_precise"
    assert mark_problem(teaching, Decimal("78.000000000000000000000000000000")) is None
    huge = mark_problem(teaching, Decimal("1E+30"))
    assert huge is not None and huge.code == "out_of_range"
    assert [p.code for p in rubric_problems([RubricItem("x", "x", Decimal("1E+30"))])] == []
