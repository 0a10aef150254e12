"""Two offices' clerks add the same day at the same moment: one row, one audit entry, and the other
told in Chinese that the day has a row (the unique constraint on tenant and day decides)."""

from datetime import date

from chuangxian.audit.models import AuditEntry
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment
from chuangxian.workdays.services import AdjustmentData, workday_adjustment_add
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
