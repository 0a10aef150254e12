"""The office keeps its school's table of holidays and make-up working days: add, edit, delete a row.
Each is decided here (the office of the row's school, a platform admin, the system), and audited."""

from dataclasses import dataclass
from datetime import date

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.tenancy import lock
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment
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
