"""Working days (工作日) on the official Chinese calendar: the arithmetic every deadline uses.

A day is a working day by, in this order:

1. the school's own table (``WorkdayAdjustment``, kept by the office on ``/workdays/``): a row for
   the date says 放假 (a day off) or 调休上班 (a working day), whatever the package says;
2. the ``chinesecalendar`` package, for the years it knows (``PACKAGE_YEARS``): the State Council's
   public holidays (法定节假日) and make-up working days (调休上班);
3. otherwise Monday to Friday.

A year that the package does not know is *unknown* until the office has confirmed that its table holds
the whole year's arrangement (``WorkdayYear.complete``, "已按国务院办公厅通知录入全年安排"), whatever
rows it has for the year: one row for 元旦 says nothing of 春节 or 国庆. For an unknown year the answer
is given all the same (the rows entered so far, Monday to Friday otherwise), and says so
(``unknown_years``), so a page can warn (``unknown_years_warning``). A year the package knows never
needs the confirmation.

Counting (``working_day_end``): day 1 is the start day when it is a working day, the next working day
otherwise; the N-th working day is the last day of the period. A 公示 of 5 working days starting on
Monday 2024-09-30 counts 09-30 as day 1, skips 国庆 (10-01..10-07) and ends on Friday 2024-10-11
(10-08, 10-09, 10-10, 10-11); one starting on Sunday 2024-09-29, a make-up working day, counts it as
day 1 and ends on Thursday 2024-10-10.

Every function reads the table once (one query, a UNION of the rows of the whole years the computation
touches and the years among them the office confirmed); ``WorkdayCalendar`` keeps them for several
computations in a row (a list of deadlines). A walk that runs past the years it loaded (a period of
hundreds of working days, a table that closes whole months) reads the next year, one more query.

For developers: ``working_day_end(start, days, *, tenant_id) -> date`` is the function a deadline
counted in working days calls; ``working_day_period`` gives the same end with the unknown years.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import groupby

import chinese_calendar
from django.db.models import CharField, DateField, IntegerField, Value
from django.utils.translation import gettext as _

from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment, WorkdayYear

PACKAGE_YEARS = range(
    min(day.year for day in chinese_calendar.holidays), max(day.year for day in chinese_calendar.holidays) + 1
)
MAX_WORKING_DAYS = 1000  # a period longer than this is a typing error, not a deadline
_ONE_DAY = timedelta(days=1)


def package_knows(year: int) -> bool:
    """Whether ``chinesecalendar`` carries the State Council's arrangement for ``year``."""
    return year in PACKAGE_YEARS


def _package_is_working_day(day: date) -> bool:
    if day in chinese_calendar.workdays:
        return True
    return day.weekday() < 5 and day not in chinese_calendar.holidays


def package_is_working_day(day: date) -> bool | None:
    """What the package alone says of ``day`` (None for a year it does not know): the office's page
    shows it beside each row of the table."""
    return _package_is_working_day(day) if package_knows(day.year) else None


@dataclass
class WorkdayCalendar:
    """A school's calendar over whole years, read in one query; it reads a further year when asked
    about one it has not loaded. ``unknown_years``: the years it was asked about that the package
    does not know and the office has not confirmed complete."""

    tenant_id: int
    overrides: dict[date, bool] = field(default_factory=dict)  # day -> is a working day
    loaded: set[int] = field(default_factory=set)
    confirmed: set[int] = field(default_factory=set)  # years the office confirmed complete
    unknown_years: set[int] = field(default_factory=set)

    @classmethod
    def load(cls, tenant_id: int, first: date, last: date) -> "WorkdayCalendar":
        calendar = cls(tenant_id)
        calendar._load(first.year, max(first, last).year)
        return calendar

    def _load(self, first_year: int, last_year: int) -> None:
        """The table's rows of the years and the years confirmed complete, in one query: rows come
        as (day, kind, None), a confirmed year as (None, "", year)."""
        rows = WorkdayAdjustment.objects.filter(
            tenant_id=self.tenant_id, day__gte=date(first_year, 1, 1), day__lte=date(last_year, 12, 31)
        ).values_list("day", "kind", Value(None, output_field=IntegerField()))
        years = WorkdayYear.objects.filter(
            tenant_id=self.tenant_id, year__gte=first_year, year__lte=last_year, complete=True
        ).values_list(Value(None, output_field=DateField()), Value("", output_field=CharField()), "year")
        # The models' default orderings cleared: SQLite takes no ORDER BY inside a UNION.
        for day, kind, year in rows.order_by().union(years.order_by(), all=True):
            if day is not None:
                self.overrides[day] = kind == AdjustmentKind.WORKDAY
            else:
                self.confirmed.add(year)
        self.loaded.update(range(first_year, last_year + 1))

    def knows(self, year: int) -> bool:
        """Whether the package has the year's arrangement, or the office confirmed that its table
        holds the whole of it."""
        if year not in self.loaded:
            self._load(year, year)
        return package_knows(year) or year in self.confirmed

    def is_working_day(self, day: date) -> bool:
        if not self.knows(day.year):
            self.unknown_years.add(day.year)
        if day in self.overrides:
            return self.overrides[day]
        if package_knows(day.year):
            return _package_is_working_day(day)
        return day.weekday() < 5

    def working_day_end(self, start: date, days: int) -> date:
        """The date of the ``days``-th working day, counting ``start`` as day 1 when it is a working
        day (the next working day is day 1 otherwise). ValueError for ``days`` not 1..1000, or a
        period that would end after 9999-12-31."""
        if not 1 <= days <= MAX_WORKING_DAYS:
            raise ValueError(f"days must be 1..{MAX_WORKING_DAYS}, not {days}")
        day, counted = start, 0
        while True:
            if self.is_working_day(day):
                counted += 1
                if counted == days:
                    return day
            if day == date.max:
                raise ValueError("the period runs past the last date Python knows")
            day += _ONE_DAY

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days from ``first`` to ``last``, both included (0 when ``last`` is
        before ``first``)."""
        count, day = 0, first
        while day <= last:
            count += self.is_working_day(day)
            day += _ONE_DAY
        return count

    def next_working_day(self, day: date) -> date:
        """``day`` itself when it is a working day, else the first working day after it."""
        return self.working_day_end(day, 1)


@dataclass(frozen=True)
class WorkdayPeriod:
    """A period of ``days`` working days from ``start`` to ``end`` (both included)."""

    start: date
    days: int
    end: date
    unknown_years: tuple[int, ...]

    @property
    def warning(self) -> str:
        return unknown_years_warning(self.unknown_years)


def _rough_end(start: date, days: int) -> date:
    """A day the period most likely ends before: two calendar days per working day and a month for
    the longest holiday. Only decides which years are read at once."""
    try:
        return start + timedelta(days=2 * days + 31)
    except OverflowError:
        return date.max


def working_day_period(start: date, days: int, *, tenant_id: int) -> WorkdayPeriod:
    """The period of ``days`` working days that starts on ``start`` (day 1 is ``start`` when it is a
    working day, the next working day otherwise), with the years it crossed that nobody knows."""
    calendar = WorkdayCalendar.load(tenant_id, start, _rough_end(start, days))
    end = calendar.working_day_end(start, days)
    return WorkdayPeriod(start, days, end, tuple(sorted(calendar.unknown_years)))


def working_day_end(start: date, days: int, *, tenant_id: int) -> date:
    """The last day of a period of ``days`` working days starting on ``start``: the function every
    deadline counted in working days calls (公示期, 答复期限, 评审期). Day 1 is ``start`` when it is
    a working day, the next working day otherwise. ValueError when ``days`` is not 1..1000."""
    return working_day_period(start, days, tenant_id=tenant_id).end


def is_working_day(day: date, *, tenant_id: int) -> bool:
    return WorkdayCalendar.load(tenant_id, day, day).is_working_day(day)


def working_days_between(first: date, last: date, *, tenant_id: int) -> int:
    """The number of working days from ``first`` to ``last``, both included (0 when ``last`` comes
    before ``first``)."""
    return WorkdayCalendar.load(tenant_id, first, last).working_days_between(first, last)


def unknown_years(first: date, last: date, *, tenant_id: int) -> list[int]:
    """The years from ``first`` to ``last`` that the package does not know and the office has not
    confirmed complete."""
    calendar = WorkdayCalendar.load(tenant_id, first, last)
    return [year for year in range(first.year, max(first, last).year + 1) if not calendar.knows(year)]


def unknown_years_warning(years: Iterable[int]) -> str:
    """What a page says about years nobody confirmed the holidays of: "" when there are none."""
    listed = "、".join(str(year) for year in sorted(years))
    if not listed:
        return ""
    return _(
        "%(years)s 年的法定节假日安排尚未录入，请在工作日设置中补充。"
        "请按国务院办公厅通知录入全年的放假和调休上班日期，录完后确认“已按国务院办公厅通知录入全年安排”。"
    ) % {"years": listed}


@dataclass(frozen=True)
class PackageHoliday:
    """One holiday of the package's arrangement for a year: its days off and its make-up days."""

    name: str
    first: date
    last: date
    makeup_days: tuple[date, ...]


def package_arrangement(year: int) -> list[PackageHoliday]:
    """The State Council's arrangement for ``year`` as the package carries it ([] for a year it does
    not know), for the office to compare with its table."""
    if not package_knows(year):
        return []
    off = sorted(day for day in chinese_calendar.holidays if day.year == year)
    makeup = sorted(day for day in chinese_calendar.workdays if day.year == year)
    holidays: list[PackageHoliday] = []
    # Consecutive days off form one run (2026's 春节 is 02-15..02-23; 2025's 国庆 and 中秋 are one).
    runs = groupby(enumerate(off), key=lambda pair: pair[1] - timedelta(days=pair[0]))
    for _anchor, pairs in runs:
        days = [day for _index, day in pairs]
        english = {chinese_calendar.holidays[day] for day in days}
        names = dict.fromkeys(_name(day) for day in days)
        own = tuple(
            d for d in makeup if chinese_calendar.workdays[d] in english and abs((d - days[0]).days) < 30
        )
        holidays.append(PackageHoliday("、".join(names), days[0], days[-1], own))
    return holidays


def _name(day: date) -> str:
    english = chinese_calendar.holidays.get(day) or chinese_calendar.workdays.get(day) or ""
    try:
        return str(chinese_calendar.Holiday(english).chinese)
    except ValueError:
        return english
