"""Reads of the working-day table that the office's page shares."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _

from chuangxian.core.filters import ListFilter, text_q
from chuangxian.workdays.calendar import package_knows
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment, WorkdayYear


def adjustment_get(tenant_id: int, adjustment_id: int) -> WorkdayAdjustment | None:
    return WorkdayAdjustment.objects.filter(tenant_id=tenant_id, pk=adjustment_id).first()


def adjustment_list_for_tenant(tenant_id: int, filters: ListFilter) -> QuerySet[WorkdayAdjustment]:
    """The school's rows by date, narrowed by the page's filters: ``year`` (all years when empty),
    ``kind`` and the search text (the name, or a date typed as 2026-10 or 10-01)."""
    rows = WorkdayAdjustment.objects.filter(tenant_id=tenant_id)
    year = filters.number("year")
    if year is not None and 1 <= year <= 9999:
        rows = rows.filter(day__gte=date(year, 1, 1), day__lte=date(year, 12, 31))
    kind = filters.get("kind")
    if kind in AdjustmentKind.values:
        rows = rows.filter(kind=kind)
    if filters.q:
        rows = rows.filter(text_q(filters.q, ["name", "day"]))
    return rows.order_by("day")


def rows_per_year(tenant_id: int) -> dict[int, int]:
    """How many rows the school's table has in each year that has any, in one query."""
    counts = (
        WorkdayAdjustment.objects.filter(tenant_id=tenant_id)
        .annotate(year=ExtractYear("day"))
        .values_list("year")
        .annotate(rows=Count("id"))
        .order_by("year")
    )
    return dict(counts)


def workday_year_get(tenant_id: int, workday_year_id: int) -> WorkdayYear | None:
    return WorkdayYear.objects.filter(tenant_id=tenant_id, pk=workday_year_id).first()


def workday_years(tenant_id: int) -> dict[int, WorkdayYear]:
    """The school's confirmation records by year, with who confirmed, in one query."""
    records = WorkdayYear.objects.filter(tenant_id=tenant_id).select_related("confirmed_by")
    return {record.year: record for record in records}


@dataclass(frozen=True)
class YearStatus:
    """Where a year's arrangement comes from, for the office's page: the package (``package``), the
    office's table confirmed complete (``confirmed``, by whom and when on ``record``), or neither yet
    (``known`` is False: its deadlines warn)."""

    year: int
    rows: int  # the table's rows in the year
    record: WorkdayYear | None

    @property
    def package(self) -> bool:
        return package_knows(self.year)

    @property
    def confirmed(self) -> bool:
        return not self.package and self.record is not None and self.record.complete

    @property
    def known(self) -> bool:
        return self.package or self.confirmed

    @property
    def confirmed_by(self) -> str:
        """Who confirmed the year (the system when no person did)."""
        user = self.record.confirmed_by if self.record else None
        return (user.get_full_name() or user.get_username()) if user else _("系统")


def year_statuses(
    years: Iterable[int], rows: dict[int, int], records: dict[int, WorkdayYear]
) -> list[YearStatus]:
    """The status of each of ``years`` from what ``rows_per_year`` and ``workday_years`` read."""
    return [YearStatus(year, rows.get(year, 0), records.get(year)) for year in years]
