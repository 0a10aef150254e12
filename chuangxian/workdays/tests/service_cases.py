"""The working-day table's services on the permission table (tests/service_permissions): the office
of the row's school keeps it and confirms (or reopens) a year as complete (a platform admin and the
system may too); nobody else."""

from datetime import date

from chuangxian.core.actors import SYSTEM
from chuangxian.workdays.models import AdjustmentKind
from chuangxian.workdays.services import (
    AdjustmentData,
    workday_adjustment_add,
    workday_adjustment_delete,
    workday_adjustment_update,
    workday_year_confirm,
    workday_year_reopen,
)
from tests.service_permissions.harness import ServiceCase

KEEPERS = {"office", "admin", "system"}
SPRING = AdjustmentData(day=date(2027, 2, 8), kind=AdjustmentKind.HOLIDAY, name="春节")


def _row(w):
    return workday_adjustment_add(tenant_id=w.tree.tenant.pk, data=SPRING, actor=SYSTEM)


def _confirmed(w):
    _row(w)
    return workday_year_confirm(tenant_id=w.tree.tenant.pk, year=2027, actor=SYSTEM)


CASES = [
    ServiceCase(
        service=workday_adjustment_add,
        allowed=KEEPERS,
        arrange=lambda w: w.tree.tenant.pk,
        act=lambda w, tenant_id, actor: workday_adjustment_add(tenant_id=tenant_id, data=SPRING, actor=actor),
    ),
    ServiceCase(
        service=workday_adjustment_update,
        allowed=KEEPERS,
        arrange=_row,
        act=lambda w, row, actor: workday_adjustment_update(
            adjustment=row,
            data=AdjustmentData(day=date(2027, 2, 20), kind=AdjustmentKind.WORKDAY, name="春节调休"),
            actor=actor,
        ),
    ),
    ServiceCase(
        service=workday_adjustment_delete,
        allowed=KEEPERS,
        arrange=_row,
        act=lambda w, row, actor: workday_adjustment_delete(adjustment=row, actor=actor),
    ),
    ServiceCase(
        service=workday_year_confirm,
        allowed=KEEPERS,
        arrange=lambda w: _row(w).tenant_id,
        act=lambda w, tenant_id, actor: workday_year_confirm(tenant_id=tenant_id, year=2027, actor=actor),
    ),
    ServiceCase(
        service=workday_year_reopen,
        allowed=KEEPERS,
        arrange=_confirmed,
        act=lambda w, record, actor: workday_year_reopen(workday_year=record, actor=actor),
    ),
]
