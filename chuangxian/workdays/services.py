"""The office keeps its school's table of holidays and make-up working days: add, edit, delete a row;
and, for a year the ``chinesecalendar`` package does not know, confirms that the table holds the whole
year (``workday_year_confirm``; until then the year's deadlines warn) or takes that back
(``workday_year_reopen``). Each is decided here (the office of the school, a platform admin, the
system), and audited."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.tenancy import lock
from chuangxian.workdays.calendar import package_knows
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment, WorkdayYear
from chuangxian.workdays.permissions import can_edit_workdays

FIRST_YEAR, LAST_YEAR = 2000, 2100
NAME_MAX = 40
_FIELDS = ("day", "kind", "name")


class WorkdayError(DomainError):
    pass


@dataclass(frozen=True)
class AdjustmentData:
    day: date
    kind: str
    name: str


def _require_office(actor: Actor, tenant_id: int) -> None:
    if not can_edit_workdays(actor, tenant_id):
        raise Refused(_("只有本校工会（创先办）可以修改工作日设置。"), code="not_office")


def adjustment_check(data: AdjustmentData) -> AdjustmentData:
    """The row's own values, cleaned. Raises WorkdayError 'bad_year', 'bad_kind', 'name_required',
    'name_too_long' (each naming its field)."""
    if not FIRST_YEAR <= data.day.year <= LAST_YEAR:
        message = _("日期应在 %(first)s 年到 %(last)s 年之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        raise WorkdayError(code="bad_year", message=message, field="day")
    if data.kind not in AdjustmentKind.values:
        raise WorkdayError(code="bad_kind", message=_("请选择“放假”或“调休上班”。"), field="kind")
    name = data.name.strip()
    if not name:
        raise WorkdayError(code="name_required", message=_("请填写名称，例如“春节”。"), field="name")
    if len(name) > NAME_MAX:
        message = _("名称不能超过 %(n)s 个字。") % {"n": NAME_MAX}
        raise WorkdayError(code="name_too_long", message=message, field="name")
    return AdjustmentData(day=data.day, kind=data.kind, name=name)


def adjustment_day_check(*, tenant_id: int, day: date, exclude_id: int | None = None) -> None:
    """The school has no other row for ``day``. Raises WorkdayError 'duplicate' (field ``day``)."""
    rows = WorkdayAdjustment.objects.filter(tenant_id=tenant_id, day=day)
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    if rows.exists():
        message = _("%(day)s 已经有一条设置，请修改那一条。") % {"day": f"{day:%Y-%m-%d}"}
        raise WorkdayError(code="duplicate", message=message, field="day")


def _save(adjustment: WorkdayAdjustment) -> None:
    """Save; a row of the same day written meanwhile by someone else is a 'duplicate'."""
    try:
        with transaction.atomic():
            adjustment.save()
    except IntegrityError as error:
        message = _("%(day)s 已经有一条设置，请修改那一条。") % {"day": f"{adjustment.day:%Y-%m-%d}"}
        raise WorkdayError(code="duplicate", message=message, field="day") from error


@transaction.atomic
def workday_adjustment_add(*, tenant_id: int, data: AdjustmentData, actor: Actor) -> WorkdayAdjustment:
    """Add a row to the school's table: ``data.day`` is a day off (放假) or a working day (调休上班),
    whatever the package says. Refused 'not_office' unless ``actor`` is the school's office (a
    platform admin, the system). Raises WorkdayError as ``adjustment_check`` and 'duplicate' (the
    unique constraint on tenant and day backs the check against a concurrent add)."""
    _require_office(actor, tenant_id)
    clean = adjustment_check(data)
    adjustment_day_check(tenant_id=tenant_id, day=clean.day)
    adjustment = WorkdayAdjustment(tenant_id=tenant_id, day=clean.day, kind=clean.kind, name=clean.name)
    _save(adjustment)
    audit_record(
        actor=actor, action="workdays.adjustment.added", target=adjustment, data=snapshot(adjustment, _FIELDS)
    )
    return adjustment


@transaction.atomic
def workday_adjustment_update(
    *, adjustment: WorkdayAdjustment, data: AdjustmentData, actor: Actor
) -> WorkdayAdjustment:
    """Change a row's day, kind or name. Locks the row. Refused 'not_office' as
    ``workday_adjustment_add``; WorkdayError as ``adjustment_check``, 'duplicate' for a day that has
    another row."""
    _require_office(actor, adjustment.tenant_id)
    adjustment = lock(adjustment)
    clean = adjustment_check(data)
    adjustment_day_check(tenant_id=adjustment.tenant_id, day=clean.day, exclude_id=adjustment.pk)
    before = snapshot(adjustment, _FIELDS)
    adjustment.day, adjustment.kind, adjustment.name = clean.day, clean.kind, clean.name
    _save(adjustment)
    changes = diff(before, snapshot(adjustment, _FIELDS))
    if changes:
        audit_record(actor=actor, action="workdays.adjustment.updated", target=adjustment, changes=changes)
    return adjustment


@transaction.atomic
def workday_adjustment_delete(*, adjustment: WorkdayAdjustment, actor: Actor) -> None:
    """Delete a row: the day follows the package again (or Monday to Friday). Locks the row. Refused
    'not_office' as ``workday_adjustment_add``."""
    _require_office(actor, adjustment.tenant_id)
    adjustment = lock(adjustment)
    audit_record(
        actor=actor,
        action="workdays.adjustment.deleted",
        target=adjustment,
        data=snapshot(adjustment, _FIELDS),
    )
    adjustment.delete()


def _year_rows(tenant_id: int, year: int) -> int:
    return WorkdayAdjustment.objects.filter(
        tenant_id=tenant_id, day__gte=date(year, 1, 1), day__lte=date(year, 12, 31)
    ).count()


@transaction.atomic
def workday_year_confirm(*, tenant_id: int, year: int, actor: Actor) -> WorkdayYear:
    """The office confirms that its table holds the whole of ``year``'s arrangement (已按国务院办公厅
    通知录入全年安排): from now on the year's deadlines no longer warn. Locks the year's record (made
    here the first time). Refused 'not_office' as ``workday_adjustment_add``; WorkdayError
    'bad_year' (outside 2000-2100), 'package_year' (the package knows the year: nothing to
    confirm), 'no_rows' (the table has no row in the year), 'already_confirmed' (also when a
    concurrent confirmation made the record first)."""
    _require_office(actor, tenant_id)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        message = _("年份应在 %(first)s 年到 %(last)s 年之间。") % {"first": FIRST_YEAR, "last": LAST_YEAR}
        raise WorkdayError(code="bad_year", message=message)
    if package_knows(year):
        message = _("系统已内置 %(year)s 年的国家安排，不需要确认。") % {"year": year}
        raise WorkdayError(code="package_year", message=message)
    record = WorkdayYear.objects.select_for_update().filter(tenant_id=tenant_id, year=year).first()
    if record is None:
        record = WorkdayYear(tenant_id=tenant_id, year=year)
    elif record.complete:
        raise _already_confirmed(year)
    rows = _year_rows(tenant_id, year)
    if not rows:
        message = _(
            "%(year)s 年还没有录入任何一天。请先按国务院办公厅通知逐日录入这一年的放假和调休上班日期，再确认。"
        ) % {"year": year}
        raise WorkdayError(code="no_rows", message=message)
    record.complete, record.confirmed_by, record.confirmed_at = True, login_of(actor), clock.now()
    try:
        with transaction.atomic():
            record.save()
    except IntegrityError as error:  # a concurrent first confirmation made the record
        raise _already_confirmed(year) from error
    audit_record(
        actor=actor, action="workdays.year.confirmed", target=record, data={"year": year, "rows": rows}
    )
    return record


def _already_confirmed(year: int) -> WorkdayError:
    message = _("%(year)s 年已经确认录入全年安排。") % {"year": year}
    return WorkdayError(code="already_confirmed", message=message)


@transaction.atomic
def workday_year_reopen(*, workday_year: WorkdayYear, actor: Actor) -> WorkdayYear:
    """The office takes back its confirmation of a year (it found a day missing or wrong): the year's
    deadlines warn again until it confirms anew. Locks the record. Refused 'not_office' as
    ``workday_adjustment_add``; WorkdayError 'not_confirmed' when the year is not confirmed."""
    _require_office(actor, workday_year.tenant_id)
    record = lock(workday_year)
    if not record.complete:
        message = _("%(year)s 年尚未确认录入全年安排。") % {"year": record.year}
        raise WorkdayError(code="not_confirmed", message=message)
    before = snapshot(record, ("year", "confirmed_by", "confirmed_at"))
    record.complete, record.confirmed_by, record.confirmed_at = False, None, None
    record.save(update_fields=["complete", "confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor,
        action="workdays.year.reopened",
        target=record,
        data=before,
    )
    return record
