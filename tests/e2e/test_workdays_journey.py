"""Browser journey of the working-day table for a year the package does not know (2027): the office, on
a phone, enters 元旦 and is still warned (one row is not the whole year), enters the rest, confirms the
year after the browser asks, and the warning goes; on a desktop it reopens the year (a mistake found)
and the warning comes back. Run with the tenant guard raising."""

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.workdays.models import WorkdayYear
from tests.e2e.test_review_cycle_journey import fits, log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# 2027 as the State Council might arrange it: the days the office types in.
DAYS_2027 = [
    ("2027-01-01", "放假", "元旦"),
    ("2027-02-08", "放假", "春节"),
    ("2027-02-20", "调休上班", "春节调休"),
]


def add_day(page, day: str, kind: str, name: str) -> None:
    form = page.get_by_test_id("add")
    form.locator("input[name=day]").fill(day)
    form.locator("select[name=kind]").select_option(label=kind)
    form.locator("input[name=name]").fill(name)
    form.get_by_role("button", name="添加").click()
    expect(page.get_by_text(f"已添加 {day}")).to_be_visible()


def test_the_office_confirms_2027_complete_and_reopens_it(new_context, tree, personas, settings):
    settings.TENANT_QUERY_CHECK = "raise"
    with time_machine.travel("2026-12-04 10:00 +0800", tick=True):
        phone = new_context(phone=True).new_page()
        log_in(phone, tree.tenant.name, personas.office.staff_no)
        phone.goto("/workdays/?year=2027")
        expect(phone.get_by_test_id("unknown-years")).to_contain_text("2027 年的法定节假日安排尚未录入")
        expect(phone.get_by_test_id("year-2027")).to_contain_text("还没有录入这一年的任何一天")

        add_day(phone, *DAYS_2027[0])
        # One row for 元旦 says nothing of 春节: still warned, now with the button to confirm.
        expect(phone.get_by_test_id("unknown-years")).to_contain_text(
            "录完后确认“已按国务院办公厅通知录入全年安排”"
        )
        expect(phone.get_by_test_id("year-2027")).to_contain_text("本表已录入 1 天")
        for day in DAYS_2027[1:]:
            add_day(phone, *day)
        line = phone.get_by_test_id("year-2027")
        expect(line).to_contain_text("本表已录入 3 天")
        assert fits(phone)

        # The browser asks first; dismissed, nothing happens.
        phone.once("dialog", lambda dialog: dialog.dismiss())
        line.get_by_role("button", name="已按国务院办公厅通知录入全年安排").click()
        expect(phone.get_by_test_id("unknown-years")).to_be_visible()
        assert not WorkdayYear.objects.filter(tenant=tree.tenant).exists()

        questions: list[str] = []

        def accept(dialog) -> None:  # type: ignore[no-untyped-def]
            questions.append(dialog.message)
            dialog.accept()

        phone.once("dialog", accept)
        line.get_by_role("button", name="已按国务院办公厅通知录入全年安排").click()
        expect(phone.get_by_text("已确认 2027 年全年安排已录入")).to_be_visible()
        assert questions == [
            "确认 2027 年的放假和调休上班日期已按国务院办公厅通知全部录入（本表 3 天）？"
            "确认后，这一年的期限不再提示尚未录入。"
        ]
        expect(phone.get_by_test_id("year-2027")).to_contain_text("已确认录入全年安排")
        expect(phone.get_by_test_id("unknown-years")).to_have_count(0)
        assert fits(phone)

        # The calculator across the year end: 元旦 counted off, no warning.
        phone.locator("input[name=calc-start]").fill("2026-12-28")
        phone.locator("input[name=calc-days]").fill("5")
        phone.get_by_role("button", name="计算").click()
        period = phone.get_by_test_id("period")
        expect(period).to_contain_text("截止 2027-01-04（星期一）")
        expect(period).not_to_contain_text("尚未录入")

        desktop = new_context().new_page()
        log_in(desktop, tree.tenant.name, personas.office.staff_no)
        desktop.goto("/workdays/?year=2027")
        desktop.once("dialog", lambda dialog: dialog.accept())
        desktop.get_by_test_id("year-2027").get_by_role("button", name="撤销确认").click()
        expect(desktop.get_by_text("已撤销 2027 年的确认")).to_be_visible()
        expect(desktop.get_by_test_id("unknown-years")).to_contain_text("2027 年的法定节假日安排尚未录入")
        expect(desktop.get_by_test_id("year-2027")).to_contain_text("尚未确认")
        assert not WorkdayYear.objects.get(tenant=tree.tenant, year=2027).complete
