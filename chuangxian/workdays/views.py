"""The office's page of working days: the table of a year, the package's arrangement beside it, a form
to add a row, a calculator (从 [日期] 起 [N] 个工作日，截止 …), and the status of the years shown
(built in, confirmed complete by the office, or not yet) with the buttons to confirm or reopen one."""

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from chuangxian.core import clock
from chuangxian.core.errors import DomainError
from chuangxian.core.filters import ListFilterForm
from chuangxian.core.http import AuthedRequest
from chuangxian.core.navigation import page_guard
from chuangxian.core.views import paginate
from chuangxian.workdays import selectors
from chuangxian.workdays.calendar import (
    PACKAGE_YEARS,
    WorkdayPeriod,
    package_arrangement,
    package_is_working_day,
    package_knows,
    unknown_years_warning,
    working_day_period,
)
from chuangxian.workdays.forms import AdjustmentForm, CalculatorForm, YearForm
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment
from chuangxian.workdays.permissions import access_adjustment, access_workday_year, can_open_workdays
from chuangxian.workdays.services import (
    workday_adjustment_add,
    workday_adjustment_delete,
    workday_adjustment_update,
    workday_year_confirm,
    workday_year_reopen,
)

WEEKDAYS = (
    gettext_lazy("星期一"),
    gettext_lazy("星期二"),
    gettext_lazy("星期三"),
    gettext_lazy("星期四"),
    gettext_lazy("星期五"),
    gettext_lazy("星期六"),
    gettext_lazy("星期日"),
)
DEFAULT_DAYS = 5  # a 公示 lasts 5 working days unless its selection says otherwise


def weekday(day: date) -> str:
    return str(WEEKDAYS[day.weekday()])


def _package_says(day: date) -> str:
    """What the package alone makes of ``day``: "" for a year it does not know."""
    says = package_is_working_day(day)
    if says is None:
        return ""
    return _("上班") if says else _("休息")


@dataclass(frozen=True)
class Row:
    adjustment: WorkdayAdjustment
    weekday: str
    package: str


def _index_url(year: int | None) -> str:
    return reverse("workdays:index") + (f"?year={year}" if year else "")


def _tenant_id(request: AuthedRequest) -> int:
    tenant_id = request.user.tenant_id
    assert tenant_id is not None  # can_open_workdays: the office of a school
    return tenant_id


def _calculate(request: AuthedRequest, tenant_id: int) -> tuple[CalculatorForm, WorkdayPeriod | None]:
    asked = "calc-start" in request.GET or "calc-days" in request.GET
    form = CalculatorForm(
        request.GET if asked else None, prefix="calc", initial={"start": clock.today(), "days": DEFAULT_DAYS}
    )
    if not asked or not form.is_valid():
        return form, None
    return form, working_day_period(
        form.cleaned_data["start"], form.cleaned_data["days"], tenant_id=tenant_id
    )


@page_guard(can_open_workdays)
def index(request: AuthedRequest) -> HttpResponse:
    tenant_id = _tenant_id(request)
    today = clock.today()
    rows = selectors.rows_per_year(tenant_id)
    records = selectors.workday_years(tenant_id)
    query = request.GET.copy()
    if "year" not in query:
        query["year"] = str(today.year)
    years = sorted({*PACKAGE_YEARS, *rows, *records, today.year, today.year + 1}, reverse=True)
    filter_form = ListFilterForm(
        query,
        search_label=_("名称或日期"),
        choices={
            "year": (_("年份"), [(str(y), _("%(year)s 年") % {"year": y}) for y in years]),
            "kind": (_("类型"), AdjustmentKind.choices),
        },
        keep=("calc-start", "calc-days"),
    )
    year = filter_form.filter.number("year")
    form = AdjustmentForm(request.POST or None, tenant_id=tenant_id, initial={"kind": AdjustmentKind.HOLIDAY})
    if request.method == "POST" and form.is_valid():
        try:
            added = workday_adjustment_add(
                tenant_id=tenant_id, data=form.adjustment_data(), actor=request.user
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已添加 %(row)s。") % {"row": str(added)})
            return redirect(_index_url(added.day.year))
    calculator, period = _calculate(request, tenant_id)
    page = paginate(request, selectors.adjustment_list_for_tenant(tenant_id, filter_form.filter), per_page=60)
    page.object_list = [Row(a, weekday(a.day), _package_says(a.day)) for a in page.object_list]
    # The year looked at, this year, next year, and every year the office started without the package.
    shown = {year or today.year, today.year, today.year + 1}
    shown.update(y for y in [*rows, *records] if not package_knows(y))
    statuses = selectors.year_statuses(sorted(shown), rows, records)
    return render(
        request,
        "workdays/index.html",
        {
            "page": page,
            "filter_form": filter_form,
            "form": form,
            "year": year,
            "arrangement": package_arrangement(year) if year else [],
            "package_first": PACKAGE_YEARS[0],
            "package_last": PACKAGE_YEARS[-1],
            "unknown_warning": unknown_years_warning(s.year for s in statuses if not s.known),
            "statuses": statuses,
            "calculator": calculator,
            "period": period,
            "period_end_weekday": weekday(period.end) if period else "",
        },
    )


def edit(request: AuthedRequest, adjustment_id: int) -> HttpResponse:
    adjustment = access_adjustment(request.user, adjustment_id)
    initial = {"day": adjustment.day, "kind": adjustment.kind, "name": adjustment.name}
    form = AdjustmentForm(
        request.POST or None, initial=initial, tenant_id=adjustment.tenant_id, exclude_id=adjustment.pk
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = workday_adjustment_update(
                adjustment=adjustment, data=form.adjustment_data(), actor=request.user
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("已保存 %(row)s。") % {"row": str(saved)})
            return redirect(_index_url(saved.day.year))
    return render(
        request,
        "workdays/edit.html",
        {"form": form, "adjustment": adjustment, "back": _index_url(adjustment.day.year)},
    )


@require_POST
def delete(request: AuthedRequest, adjustment_id: int) -> HttpResponse:
    adjustment = access_adjustment(request.user, adjustment_id)
    label, year = str(adjustment), adjustment.day.year
    try:
        workday_adjustment_delete(adjustment=adjustment, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除 %(row)s，这一天恢复按国家安排计算。") % {"row": label})
    return redirect(_index_url(year))


@require_POST
@page_guard(can_open_workdays)
def year_confirm(request: AuthedRequest) -> HttpResponse:
    """已按国务院办公厅通知录入全年安排: the year comes from the button's hidden field."""
    form = YearForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(_index_url(None))
    year = form.cleaned_data["year"]
    try:
        workday_year_confirm(tenant_id=_tenant_id(request), year=year, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("已确认 %(year)s 年全年安排已录入，这一年的期限不再提示尚未录入。") % {"year": year}
        )
    return redirect(_index_url(year))


@require_POST
def year_reopen(request: AuthedRequest, workday_year_id: int) -> HttpResponse:
    record = access_workday_year(request.user, workday_year_id)
    try:
        workday_year_reopen(workday_year=record, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("已撤销 %(year)s 年的确认：改正后请再次确认，在此之前涉及这一年的期限会提示尚未录入。")
            % {"year": record.year},
        )
    return redirect(_index_url(record.year))
