"""The working-day arithmetic against the official calendars of 2024, 2025 and 2026.

``OFFICIAL`` is written by hand from the State Council's notices (国务院办公厅关于 2024/2025/2026 年部分节假日
安排的通知), not read from the package: the tests check the package's data and the function together.
"""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chuangxian.core.actors import SYSTEM
from chuangxian.workdays.calendar import (
    PACKAGE_YEARS,
    WorkdayCalendar,
    is_working_day,
    package_arrangement,
    unknown_years,
    unknown_years_warning,
    working_day_end,
    working_day_period,
    working_days_between,
)
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment
from chuangxian.workdays.services import (
    AdjustmentData,
    workday_adjustment_add,
    workday_year_confirm,
    workday_year_reopen,
)


def d(text: str) -> date:
    return date.fromisoformat(text)


def days(first: str, last: str) -> set[date]:
    start, end = d(first), d(last)
    return {start + timedelta(days=i) for i in range((end - start).days + 1)}


# year: (days off, make-up working days)
OFFICIAL: dict[int, tuple[set[date], set[date]]] = {
    2024: (
        days("2024-01-01", "2024-01-01")  # 元旦
        | days("2024-02-10", "2024-02-17")  # 春节
        | days("2024-04-04", "2024-04-06")  # 清明
        | days("2024-05-01", "2024-05-05")  # 劳动节
        | days("2024-06-10", "2024-06-10")  # 端午
        | days("2024-09-15", "2024-09-17")  # 中秋
        | days("2024-10-01", "2024-10-07"),  # 国庆
        {d(x) for x in ("2024-02-04", "2024-02-18", "2024-04-07", "2024-04-28", "2024-05-11")}
        | {d(x) for x in ("2024-09-14", "2024-09-29", "2024-10-12")},
    ),
    2025: (
        days("2025-01-01", "2025-01-01")
        | days("2025-01-28", "2025-02-04")  # 春节, 8 days
        | days("2025-04-04", "2025-04-06")
        | days("2025-05-01", "2025-05-05")
        | days("2025-05-31", "2025-06-02")
        | days("2025-10-01", "2025-10-08"),  # 国庆、中秋
        {d(x) for x in ("2025-01-26", "2025-02-08", "2025-04-27", "2025-09-28", "2025-10-11")},
    ),
    2026: (
        days("2026-01-01", "2026-01-03")
        | days("2026-02-15", "2026-02-23")  # 春节, 9 days
        | days("2026-04-04", "2026-04-06")
        | days("2026-05-01", "2026-05-05")
        | days("2026-06-19", "2026-06-21")
        | days("2026-09-25", "2026-09-27")
        | days("2026-10-01", "2026-10-07"),
        {d(x) for x in ("2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10")},
    ),
}


def official_is_working(day: date) -> bool:
    off, makeup = OFFICIAL[day.year]
    return day in makeup or (day.weekday() < 5 and day not in off)


def no_table() -> WorkdayCalendar:
    """A calendar whose table is empty and already 'read': no database, for the pure arithmetic."""
    return WorkdayCalendar(tenant_id=0, loaded=set(range(1990, 2101)))


def add(tenant, day: str, kind: str, name: str = "校定"):
    return workday_adjustment_add(
        tenant_id=tenant.pk, data=AdjustmentData(day=d(day), kind=kind, name=name), actor=SYSTEM
    )


WARNING_2027 = (
    "2027 年的法定节假日安排尚未录入，请在工作日设置中补充。"
    "请按国务院办公厅通知录入全年的放假和调休上班日期，录完后确认“已按国务院办公厅通知录入全年安排”。"
)


def confirm(tenant, year: int):
    return workday_year_confirm(tenant_id=tenant.pk, year=year, actor=SYSTEM)


# --- the package and the official notices ----------------------------------------------------------


def test_the_package_knows_2004_to_2026_and_not_2027():
    assert (PACKAGE_YEARS.start, PACKAGE_YEARS.stop) == (2004, 2027)


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_every_day_of_the_year_is_as_the_state_council_arranged(year):
    calendar = no_table()
    day, wrong = date(year, 1, 1), []
    while day.year == year:
        if calendar.is_working_day(day) != official_is_working(day):
            wrong.append(day.isoformat())
        day += timedelta(days=1)
    assert wrong == []
    assert calendar.unknown_years == set()


@pytest.mark.parametrize("year", sorted(OFFICIAL))
def test_working_days_of_the_whole_year(year):
    expected = sum(official_is_working(day) for day in days(f"{year}-01-01", f"{year}-12-31"))
    count = no_table().working_days_between(date(year, 1, 1), date(year, 12, 31))
    assert count == expected
    assert 245 <= count <= 252


def test_the_package_arrangement_for_the_office_page():
    arrangement = {h.name: h for h in package_arrangement(2024)}
    spring = arrangement["春节"]
    assert (spring.first, spring.last, spring.makeup_days) == (
        d("2024-02-10"),
        d("2024-02-17"),
        (d("2024-02-04"), d("2024-02-18")),
    )
    national = arrangement["国庆节"]
    assert national.makeup_days == (d("2024-09-29"), d("2024-10-12"))
    assert [h.name for h in package_arrangement(2025)][-1] == "国庆节、中秋"
    assert package_arrangement(2027) == []


# --- counting: day 1, weekends, holidays, make-up days -------------------------------------------------


@pytest.mark.parametrize(
    ("start", "n", "end", "why"),
    [
        ("2024-09-30", 5, "2024-10-11", "a working Monday is day 1; 国庆 10-01..10-07 skipped"),
        ("2024-09-29", 5, "2024-10-10", "a make-up Sunday is day 1"),
        ("2024-10-11", 2, "2024-10-12", "the make-up Saturday 10-12 is a working day"),
        ("2024-10-03", 5, "2024-10-12", "a start in 国庆: day 1 is 10-08, day 5 the make-up Saturday"),
        ("2024-10-11", 3, "2024-10-14", "the Sunday after it is not"),
        ("2024-03-09", 5, "2024-03-15", "a start on a Saturday: day 1 is Monday"),
        ("2024-03-10", 1, "2024-03-11", "a Sunday start, one day: the next Monday"),
        ("2024-02-10", 5, "2024-02-22", "a start on 春节: day 1 is the make-up Sunday 02-18"),
        ("2024-02-04", 1, "2024-02-04", "the make-up Sunday 02-04 before 春节"),
        ("2024-02-08", 3, "2024-02-18", "02-08, 02-09, then 02-18"),
        ("2024-03-11", 1, "2024-03-11", "one working day is the start itself"),
        ("2025-01-24", 5, "2025-02-06", "2025 春节: 01-24, 01-26 (make-up Sunday), 01-27, 02-05, 02-06"),
        ("2025-09-26", 5, "2025-10-09", "2025 国庆、中秋: 09-26, 09-28, 09-29, 09-30, 10-09"),
        ("2026-02-13", 5, "2026-02-26", "2026 春节: 02-13, 02-14 (make-up Saturday), 02-24..02-26"),
        ("2026-09-24", 5, "2026-10-08", "2026: 09-24, 09-28, 09-29, 09-30, 10-08 (中秋 and 国庆 skipped)"),
        ("2024-12-30", 5, "2025-01-06", "across the year end: 12-30, 12-31, 01-02, 01-03, 01-06"),
        ("2025-12-29", 5, "2026-01-05", "across the year end: 01-01..01-03 off, 01-04 a make-up Sunday"),
    ],
)
def test_working_day_end(start, n, end, why):
    assert no_table().working_day_end(d(start), n) == d(end), why


@pytest.mark.parametrize("n", [0, -1, 1001])
def test_a_period_must_have_1_to_1000_working_days(n):
    with pytest.raises(ValueError, match="days must be"):
        no_table().working_day_end(d("2024-03-11"), n)


def test_a_period_past_the_last_date_is_a_value_error():
    calendar = WorkdayCalendar(tenant_id=0, loaded={9999})
    with pytest.raises(ValueError, match="runs past"):
        calendar.working_day_end(date.max - timedelta(days=3), 5)
    assert calendar.working_day_end(date(9999, 12, 31), 1) == date(9999, 12, 31)  # a Friday


def test_working_days_between_counts_both_ends():
    calendar = no_table()
    # October 2024: 23 weekdays, 5 of them in 国庆 (10-01..10-04, 10-07), plus the make-up 10-12.
    assert calendar.working_days_between(d("2024-10-01"), d("2024-10-31")) == 19
    assert calendar.working_days_between(d("2024-09-30"), d("2024-10-11")) == 5
    assert calendar.working_days_between(d("2024-10-05"), d("2024-10-05")) == 0
    assert calendar.working_days_between(d("2024-10-31"), d("2024-10-01")) == 0


@given(
    start=st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 6, 30)),
    n=st.integers(min_value=1, max_value=60),
)
def test_the_end_is_a_working_day_and_the_period_holds_n_of_them(start, n):
    calendar = no_table()
    end = calendar.working_day_end(start, n)
    assert calendar.is_working_day(end)
    assert calendar.working_days_between(start, end) == n
    assert calendar.working_days_between(start, end - timedelta(days=1)) == n - 1


# --- the school's table ------------------------------------------------------------------------------


def test_an_office_holiday_overrides_the_package(tree):
    add(tree.tenant, "2024-10-08", AdjustmentKind.HOLIDAY, "校庆放假")
    assert not is_working_day(d("2024-10-08"), tenant_id=tree.tenant.pk)
    assert working_day_end(d("2024-09-30"), 5, tenant_id=tree.tenant.pk) == d("2024-10-12")
    # Another school's calendar is the package's.
    assert working_day_end(d("2024-09-30"), 5, tenant_id=tree.other_tenant.pk) == d("2024-10-11")


def test_an_office_working_day_overrides_a_package_holiday(tree):
    add(tree.tenant, "2024-10-07", AdjustmentKind.WORKDAY, "值班")
    assert is_working_day(d("2024-10-07"), tenant_id=tree.tenant.pk)
    assert working_day_end(d("2024-09-30"), 5, tenant_id=tree.tenant.pk) == d("2024-10-10")
    assert working_days_between(d("2024-10-01"), d("2024-10-31"), tenant_id=tree.tenant.pk) == 20


def test_an_unknown_year_counts_monday_to_friday_and_says_so(tree):
    period = working_day_period(d("2026-12-28"), 5, tenant_id=tree.tenant.pk)
    assert period.end == d("2027-01-01")  # 12-28..12-31, then Friday 2027-01-01 (no 元旦 known)
    assert period.unknown_years == (2027,)
    assert period.warning == WARNING_2027
    assert unknown_years(d("2003-06-01"), d("2028-01-01"), tenant_id=tree.tenant.pk) == [2003, 2027, 2028]
    assert working_day_period(d("2026-12-01"), 5, tenant_id=tree.tenant.pk).unknown_years == ()


def test_a_year_with_rows_stays_unknown_until_the_office_confirms_it_complete(tree):
    """One row for 元旦 says nothing of 春节 or 国庆: the rows count, the warning stays."""
    add(tree.tenant, "2027-01-01", AdjustmentKind.HOLIDAY, "元旦")
    period = working_day_period(d("2026-12-28"), 5, tenant_id=tree.tenant.pk)
    assert (period.end, period.unknown_years, period.warning) == (d("2027-01-04"), (2027,), WARNING_2027)
    assert unknown_years(d("2027-01-01"), d("2027-12-31"), tenant_id=tree.tenant.pk) == [2027]


def test_a_year_the_office_confirmed_complete_is_known(tree):
    add(tree.tenant, "2027-01-01", AdjustmentKind.HOLIDAY, "元旦")
    record = confirm(tree.tenant, 2027)
    period = working_day_period(d("2026-12-28"), 5, tenant_id=tree.tenant.pk)
    assert (period.end, period.unknown_years, period.warning) == (d("2027-01-04"), (), "")
    assert unknown_years(d("2026-06-01"), d("2028-01-01"), tenant_id=tree.tenant.pk) == [2028]
    # Another school's 2027 is its own office's to confirm.
    assert unknown_years(d("2027-01-01"), d("2027-12-31"), tenant_id=tree.other_tenant.pk) == [2027]
    # Reopened (the office found a mistake): unknown again, its rows still counted.
    workday_year_reopen(workday_year=record, actor=SYSTEM)
    period = working_day_period(d("2026-12-28"), 5, tenant_id=tree.tenant.pk)
    assert (period.end, period.unknown_years) == (d("2027-01-04"), (2027,))


def test_a_year_the_package_knows_needs_no_confirmation(tree):
    add(tree.tenant, "2026-10-08", AdjustmentKind.HOLIDAY, "校庆放假")
    assert unknown_years(d("2004-01-01"), d("2026-12-31"), tenant_id=tree.tenant.pk) == []
    period = working_day_period(d("2026-09-30"), 5, tenant_id=tree.tenant.pk)
    # 09-30, then 10-09 (10-08 the school's day off), the make-up Saturday 10-10, 10-12, 10-13.
    assert (period.end, period.unknown_years) == (d("2026-10-13"), ())


def test_the_warning_lists_every_unknown_year_and_what_the_office_should_do():
    assert unknown_years_warning([2028, 2027]) == WARNING_2027.replace("2027 年", "2027、2028 年")
    assert unknown_years_warning([]) == ""


# --- one query per call, never one per day -----------------------------------------------------------


def test_one_query_per_call(tree, django_assert_num_queries):
    for day in ("2024-02-10", "2024-06-01", "2024-10-12"):
        add(tree.tenant, day, AdjustmentKind.HOLIDAY)
    with django_assert_num_queries(1):
        working_day_end(d("2024-09-30"), 60, tenant_id=tree.tenant.pk)
    with django_assert_num_queries(1):
        working_days_between(d("2024-01-01"), d("2026-12-31"), tenant_id=tree.tenant.pk)
    with django_assert_num_queries(1):
        is_working_day(d("2024-10-12"), tenant_id=tree.tenant.pk)
    with django_assert_num_queries(1):
        calendar = WorkdayCalendar.load(tree.tenant.pk, d("2024-01-01"), d("2024-12-31"))
    # The rows and the years confirmed complete are read together: still one query.
    add(tree.tenant, "2027-02-08", AdjustmentKind.HOLIDAY, "春节")
    confirm(tree.tenant, 2027)
    with django_assert_num_queries(1):
        period = working_day_period(d("2026-12-28"), 60, tenant_id=tree.tenant.pk)
    assert period.unknown_years == ()
    with django_assert_num_queries(0):  # a list of deadlines in the same year: read once
        ends = [calendar.working_day_end(d("2024-09-02") + timedelta(days=i), 5) for i in range(30)]
    assert ends[0] == d("2024-09-06") and not calendar.is_working_day(d("2024-10-12"))


def test_a_walk_past_the_years_read_reads_the_next_one(tree, django_assert_num_queries):
    """Whole months closed by the table push the end past the years first read: one more query."""
    tenant_id = tree.tenant.pk
    closed = days("2024-11-01", "2025-01-31")
    WorkdayAdjustment.objects.bulk_create(
        WorkdayAdjustment(tenant_id=tenant_id, day=day, kind=AdjustmentKind.HOLIDAY, name="闭校")
        for day in closed
    )
    with django_assert_num_queries(2):
        end = working_day_end(d("2024-11-01"), 5, tenant_id=tenant_id)
    # 2025's 春节 runs to 02-04: 02-05, 02-06, 02-07, the make-up Saturday 02-08, then Monday 02-10.
    assert end == d("2025-02-10")
