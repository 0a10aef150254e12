"""Two offices' clerks add the same day at the same moment: one row, one audit entry, and the other
told in Chinese that the day has a row (the unique constraint on tenant and day decides). Two confirm
the same year at once: one record, one audit entry."""

from datetime import date

from chuangxian.audit.models import AuditEntry
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment, WorkdayYear
from chuangxian.workdays.services import AdjustmentData, workday_adjustment_add, workday_year_confirm
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def test_simultaneous_adds_of_one_day_keep_one_row(tree, personas):
    data = AdjustmentData(day=date(2027, 2, 8), kind=AdjustmentKind.HOLIDAY, name="春节")
    outcomes: list[str] = []

    def add() -> None:
        workday_adjustment_add(tenant_id=tree.tenant.pk, data=data, actor=personas.office)

    assert run_together(*(recording(outcomes, add) for _ in range(4))) == []
    assert sorted(outcomes) == ["duplicate", "duplicate", "duplicate", "ok"]
    assert WorkdayAdjustment.objects.filter(tenant=tree.tenant).count() == 1
    assert AuditEntry.objects.filter(action="workdays.adjustment.added").count() == 1


def test_simultaneous_confirmations_of_a_year_make_one_record(tree, personas):
    """The first confirmation of a year creates its record: the unique constraint on tenant and year
    decides between two at once, the other told that the year is confirmed already."""
    data = AdjustmentData(day=date(2027, 2, 8), kind=AdjustmentKind.HOLIDAY, name="春节")
    workday_adjustment_add(tenant_id=tree.tenant.pk, data=data, actor=personas.office)
    outcomes: list[str] = []

    def confirm() -> None:
        workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=personas.office)

    assert run_together(*(recording(outcomes, confirm) for _ in range(4))) == []
    assert sorted(outcomes) == ["already_confirmed", "already_confirmed", "already_confirmed", "ok"]
    assert WorkdayYear.objects.filter(tenant=tree.tenant, complete=True).count() == 1
    assert AuditEntry.objects.filter(action="workdays.year.confirmed").count() == 1
