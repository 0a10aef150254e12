"""The office keeps its school's table and confirms a year the package does not know as complete; every
change is audited; nobody else may change it."""

from datetime import UTC, date, datetime

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.workdays.calendar import unknown_years, working_day_end
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment, WorkdayYear
from chuangxian.workdays.services import (
    AdjustmentData,
    WorkdayError,
    workday_adjustment_add,
    workday_adjustment_delete,
    workday_adjustment_update,
    workday_year_confirm,
    workday_year_reopen,
)

pytestmark = pytest.mark.django_db

NEW_YEAR_2027 = AdjustmentData(day=date(2027, 1, 1), kind=AdjustmentKind.HOLIDAY, name=" 元旦 ")


def test_office_adds_a_day_and_the_deadlines_follow(tree, personas):
    row = workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=personas.office)
    assert (row.tenant_id, row.day, row.kind, row.name) == (
        tree.tenant.pk,
        date(2027, 1, 1),
        "holiday",
        "元旦",
    )
    assert working_day_end(date(2026, 12, 28), 5, tenant_id=tree.tenant.pk) == date(2027, 1, 4)
    entry = AuditEntry.objects.get(action="workdays.adjustment.added")
    assert (entry.actor, entry.tenant_id) == (personas.office, tree.tenant.pk)
    assert entry.data == {"day": "2027-01-01", "kind": "holiday", "name": "元旦"}


@pytest.mark.parametrize("who", ["chair", "liaison", "member", "leader", "sibling_chair", "other_office"])
def test_nobody_else_may_add(tree, personas, who):
    with pytest.raises(Refused) as refused:
        workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=getattr(personas, who))
    assert refused.value.code == "not_office"
    assert "工会" in refused.value.message
    assert not WorkdayAdjustment.objects.filter(tenant_id=tree.tenant.pk).exists()
    assert not AuditEntry.objects.filter(action__startswith="workdays.").exists()


def test_the_other_schools_office_keeps_its_own_table(tree, personas):
    row = workday_adjustment_add(
        tenant_id=tree.other_tenant.pk, data=NEW_YEAR_2027, actor=personas.other_office
    )
    assert row.tenant_id == tree.other_tenant.pk
    with pytest.raises(Refused):
        workday_adjustment_delete(adjustment=row, actor=personas.office)
    with pytest.raises(Refused):
        workday_adjustment_update(adjustment=row, data=NEW_YEAR_2027, actor=personas.office)


def test_one_row_per_day_and_school(tree, personas):
    workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=personas.office)
    with pytest.raises(WorkdayError) as error:
        workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=personas.office)
    assert (error.value.code, error.value.field) == ("duplicate", "day")
    assert error.value.message == "2027-01-01 已经有一条设置，请修改那一条。"
    # Another school may have its own row for the same day.
    workday_adjustment_add(tenant_id=tree.other_tenant.pk, data=NEW_YEAR_2027, actor=personas.other_office)


@pytest.mark.parametrize(
    ("data", "code", "field", "message"),
    [
        (
            AdjustmentData(date(1999, 12, 31), "holiday", "元旦"),
            "bad_year",
            "day",
            "日期应在 2000 年到 2100 年之间。",
        ),
        (
            AdjustmentData(date(2027, 1, 1), "weekend", "元旦"),
            "bad_kind",
            "kind",
            "请选择“放假”或“调休上班”。",
        ),
        (
            AdjustmentData(date(2027, 1, 1), "holiday", "  "),
            "name_required",
            "name",
            "请填写名称，例如“春节”。",
        ),
        (
            AdjustmentData(date(2027, 1, 1), "holiday", "节" * 41),
            "name_too_long",
            "name",
            "名称不能超过 40 个字。",
        ),
    ],
)
def test_bad_values_are_refused_in_chinese(tree, personas, data, code, field, message):
    with pytest.raises(WorkdayError) as error:
        workday_adjustment_add(tenant_id=tree.tenant.pk, data=data, actor=personas.office)
    assert (error.value.code, error.value.field, error.value.message) == (code, field, message)


def test_office_edits_a_row(tree, personas):
    row = workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=personas.office)
    changed = AdjustmentData(day=date(2027, 2, 20), kind=AdjustmentKind.WORKDAY, name="春节调休")
    row = workday_adjustment_update(adjustment=row, data=changed, actor=personas.office)
    row.refresh_from_db()
    assert (row.day, row.kind, row.name) == (date(2027, 2, 20), "workday", "春节调休")
    entry = AuditEntry.objects.get(action="workdays.adjustment.updated")
    assert entry.changes["kind"] == ["holiday", "workday"]
    assert entry.changes["day"] == ["2027-01-01", "2027-02-20"]
    # Saving it unchanged writes no entry.
    workday_adjustment_update(adjustment=row, data=changed, actor=personas.office)
    assert AuditEntry.objects.filter(action="workdays.adjustment.updated").count() == 1


def test_an_edit_onto_a_day_that_has_a_row_is_refused(tree, personas):
    workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=personas.office)
    other = workday_adjustment_add(
        tenant_id=tree.tenant.pk,
        data=AdjustmentData(date(2027, 1, 2), AdjustmentKind.HOLIDAY, "元旦"),
        actor=personas.office,
    )
    with pytest.raises(WorkdayError) as error:
        workday_adjustment_update(adjustment=other, data=NEW_YEAR_2027, actor=personas.office)
    assert error.value.code == "duplicate"


@pytest.mark.parametrize("who", ["chair", "member", "other_office"])
def test_nobody_else_may_edit_or_delete(tree, personas, who):
    row = workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=personas.office)
    actor = getattr(personas, who)
    with pytest.raises(Refused):
        workday_adjustment_update(adjustment=row, data=NEW_YEAR_2027, actor=actor)
    with pytest.raises(Refused):
        workday_adjustment_delete(adjustment=row, actor=actor)
    assert WorkdayAdjustment.objects.filter(pk=row.pk).exists()


def test_office_deletes_a_row_and_the_day_follows_the_calendar_again(tree, personas):
    row = workday_adjustment_add(
        tenant_id=tree.tenant.pk,
        data=AdjustmentData(date(2024, 10, 8), AdjustmentKind.HOLIDAY, "校庆"),
        actor=personas.office,
    )
    assert working_day_end(date(2024, 9, 30), 5, tenant_id=tree.tenant.pk) == date(2024, 10, 12)
    workday_adjustment_delete(adjustment=row, actor=personas.office)
    assert not WorkdayAdjustment.objects.filter(pk=row.pk).exists()
    assert working_day_end(date(2024, 9, 30), 5, tenant_id=tree.tenant.pk) == date(2024, 10, 11)
    entry = AuditEntry.objects.get(action="workdays.adjustment.deleted")
    assert entry.data["name"] == "校庆" and entry.target_label.startswith("2024-10-08")


def test_a_row_added_meanwhile_is_a_duplicate_not_a_crash(tree, personas, monkeypatch):
    """Two adds of one day at once both pass the check; the unique constraint refuses the second."""
    from chuangxian.workdays import services

    workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=personas.office)
    monkeypatch.setattr(services, "adjustment_day_check", lambda **kwargs: None)  # as if it ran first
    with pytest.raises(WorkdayError) as error:
        workday_adjustment_add(tenant_id=tree.tenant.pk, data=NEW_YEAR_2027, actor=personas.office)
    assert error.value.code == "duplicate"
    assert WorkdayAdjustment.objects.filter(tenant_id=tree.tenant.pk).count() == 1
    assert AuditEntry.objects.filter(action="workdays.adjustment.added").count() == 1


# --- a year the package does not know: the office confirms it complete, or reopens it --------------


def _spring_2027(tenant, actor=None):
    data = AdjustmentData(day=date(2027, 2, 8), kind=AdjustmentKind.HOLIDAY, name="春节")
    return workday_adjustment_add(tenant_id=tenant.pk, data=data, actor=actor or SYSTEM)


def test_office_confirms_a_year_complete_and_it_is_audited(tree, personas):
    _spring_2027(tree.tenant)
    assert unknown_years(date(2027, 1, 1), date(2027, 12, 31), tenant_id=tree.tenant.pk) == [2027]
    with time_machine.travel("2026-12-05 10:30 +0800", tick=False):
        record = workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=personas.office)
    record.refresh_from_db()
    assert (record.tenant_id, record.year, record.complete, record.confirmed_by) == (
        tree.tenant.pk,
        2027,
        True,
        personas.office,
    )
    assert record.confirmed_at == datetime(2026, 12, 5, 2, 30, tzinfo=UTC)
    assert unknown_years(date(2027, 1, 1), date(2027, 12, 31), tenant_id=tree.tenant.pk) == []
    entry = AuditEntry.objects.get(action="workdays.year.confirmed")
    assert (entry.actor, entry.tenant_id, entry.data) == (
        personas.office,
        tree.tenant.pk,
        {"year": 2027, "rows": 1},
    )
    assert entry.target_label == "2027 年全年安排"


def test_office_reopens_a_confirmed_year_and_confirms_it_again(tree, personas):
    _spring_2027(tree.tenant)
    record = workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=personas.office)
    record = workday_year_reopen(workday_year=record, actor=personas.office)
    record.refresh_from_db()
    assert (record.complete, record.confirmed_by, record.confirmed_at) == (False, None, None)
    assert unknown_years(date(2027, 1, 1), date(2027, 12, 31), tenant_id=tree.tenant.pk) == [2027]
    entry = AuditEntry.objects.get(action="workdays.year.reopened")
    assert entry.actor == personas.office
    assert (entry.data["year"], entry.data["confirmed_by"]) == (2027, personas.office.pk)
    with pytest.raises(WorkdayError) as error:
        workday_year_reopen(workday_year=record, actor=personas.office)
    assert (error.value.code, error.value.message) == ("not_confirmed", "2027 年尚未确认录入全年安排。")
    again = workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=personas.office)
    assert again.pk == record.pk and again.complete
    assert WorkdayYear.objects.filter(tenant_id=tree.tenant.pk).count() == 1


@pytest.mark.parametrize(
    ("year", "code", "message"),
    [
        (
            2027,
            "no_rows",
            "2027 年还没有录入任何一天。请先按国务院办公厅通知逐日录入这一年的放假和调休上班日期，再确认。",
        ),
        (2026, "package_year", "系统已内置 2026 年的国家安排，不需要确认。"),
        (2004, "package_year", "系统已内置 2004 年的国家安排，不需要确认。"),
        (1999, "bad_year", "年份应在 2000 年到 2100 年之间。"),
        (2101, "bad_year", "年份应在 2000 年到 2100 年之间。"),
    ],
)
def test_a_year_is_confirmed_only_when_there_is_something_to_confirm(tree, personas, year, code, message):
    _spring_2027(tree.other_tenant)  # another school's row does not count
    with pytest.raises(WorkdayError) as error:
        workday_year_confirm(tenant_id=tree.tenant.pk, year=year, actor=personas.office)
    assert (error.value.code, error.value.message) == (code, message)
    assert not WorkdayYear.objects.filter(tenant_id=tree.tenant.pk).exists()
    assert not AuditEntry.objects.filter(action__startswith="workdays.year").exists()


def test_a_year_is_confirmed_once(tree, personas):
    _spring_2027(tree.tenant)
    workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=personas.office)
    with pytest.raises(WorkdayError) as error:
        workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=personas.office)
    assert (error.value.code, error.value.message) == ("already_confirmed", "2027 年已经确认录入全年安排。")
    assert AuditEntry.objects.filter(action="workdays.year.confirmed").count() == 1


@pytest.mark.parametrize("who", ["chair", "liaison", "member", "leader", "sibling_chair", "other_office"])
def test_nobody_else_may_confirm_or_reopen(tree, personas, who):
    _spring_2027(tree.tenant)
    actor = getattr(personas, who)
    with pytest.raises(Refused) as refused:
        workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=actor)
    assert refused.value.code == "not_office"
    record = workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=personas.office)
    with pytest.raises(Refused):
        workday_year_reopen(workday_year=record, actor=actor)
    record.refresh_from_db()
    assert record.complete
