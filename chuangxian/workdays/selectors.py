"""Reads of the working-day table that the office's page shares."""

from datetime import date

from django.db.models import QuerySet

from chuangxian.core.filters import ListFilter, text_q
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment


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


def years_entered(tenant_id: int) -> list[int]:
    """The years in which the school's table has at least one row, in one query."""
    days = WorkdayAdjustment.objects.filter(tenant_id=tenant_id).dates("day", "year")
    return [day.year for day in days]
