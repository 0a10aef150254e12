"""The office's page /workdays/: the table of a year, add, edit, delete, the calculator."""

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.workdays.models import AdjustmentKind, WorkdayAdjustment
from chuangxian.workdays.services import AdjustmentData, workday_adjustment_add, workday_year_confirm

pytestmark = pytest.mark.django_db

INDEX = reverse("workdays:index")
TODAY = "2026-12-04 10:00 +0800"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def row(tenant, day: str, kind: str = AdjustmentKind.HOLIDAY, name: str = "元旦") -> WorkdayAdjustment:
    data = AdjustmentData(day=date.fromisoformat(day), kind=kind, name=name)
    return workday_adjustment_add(tenant_id=tenant.pk, data=data, actor=SYSTEM)


def page(client, user, url=INDEX, **params) -> str:
    client.force_login(user)
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 200), ("leader", 404), ("chair", 404), ("liaison", 404), ("member", 404), ("admin", 404)],
)
def test_only_the_office_opens_the_page(client, tree, personas, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(INDEX).status_code == status


def test_the_page_shows_the_years_rows_and_the_package(client, tree, personas):
    row(tree.tenant, "2027-01-01")
    row(tree.tenant, "2026-10-08", name="校庆放假")
    row(tree.other_tenant, "2026-10-09", name="外校放假")
    body = page(client, personas.office)  # this year, 2026, by default
    assert "校庆放假" in body and "2026-10-08" in body and "星期四" in body
    assert "元旦" not in body.split('data-testid="arrangement"')[0].split("<tbody>")[1]  # 2027's row
    assert "外校放假" not in body
    assert "2004–2026" in body  # the years the package knows
    assert "2026 年内置安排" in body and "02-15–02-23" in body  # 春节 2026
    # 2027 has a row but nobody confirmed the whole year: still warned about.
    assert "2027 年的法定节假日安排尚未录入" in body.split('data-testid="unknown-years"')[1]


def test_an_unknown_year_is_warned_about(client, tree, personas):
    body = page(client, personas.office)
    assert (
        "2027 年的法定节假日安排尚未录入，请在工作日设置中补充。"
        "请按国务院办公厅通知录入全年的放假和调休上班日期，录完后确认“已按国务院办公厅通知录入全年安排”。"
    ) in body
    body = page(client, personas.office, year="2027")
    assert "系统没有内置 2027 年的安排" in body
    assert "全部录完后，请在上方“各年份的安排”中确认“已按国务院办公厅通知录入全年安排”。" in body


def test_search_and_filters(client, tree, personas):
    row(tree.tenant, "2027-01-01", name="元旦")
    row(tree.tenant, "2027-02-20", kind=AdjustmentKind.WORKDAY, name="春节调休")
    row(tree.tenant, "2028-01-01", name="元旦")

    def shown(**params):
        client.force_login(personas.office)
        return [r.adjustment.day.isoformat() for r in client.get(INDEX, params).context["page"]]

    assert shown(year="2027") == ["2027-01-01", "2027-02-20"]
    assert shown(year="") == ["2027-01-01", "2027-02-20", "2028-01-01"]
    assert shown(year="", q="元旦") == ["2027-01-01", "2028-01-01"]
    assert shown(year="", q="02-20") == ["2027-02-20"]
    assert shown(year="", kind="workday") == ["2027-02-20"]
    assert shown(year="1850") == ["2027-01-01", "2027-02-20", "2028-01-01"]  # not offered: dropped
    assert shown(year="<script>") == ["2027-01-01", "2027-02-20", "2028-01-01"]


def test_office_adds_a_day(client, tree, personas):
    client.force_login(personas.office)
    response = client.post(INDEX, {"day": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert response.status_code == 302 and response.url == f"{INDEX}?year=2027"
    added = WorkdayAdjustment.objects.get(tenant=tree.tenant)
    assert (added.day, added.kind, added.name) == (date(2027, 1, 1), "holiday", "元旦")
    assert AuditEntry.objects.filter(action="workdays.adjustment.added", actor=personas.office).count() == 1


def test_the_form_reports_every_error_at_once_in_chinese(client, tree, personas):
    row(tree.tenant, "2027-01-01")
    client.force_login(personas.office)
    response = client.post(INDEX, {"day": "2027-01-01", "kind": "weekend", "name": ""})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["day"] == ["2027-01-01 已经有一条设置，请修改那一条。"]
    assert errors["kind"] == ["请选择“放假”或“调休上班”。"]
    assert errors["name"] == ["请填写名称，例如“春节”。"]
    response = client.post(INDEX, {"day": "1999-12-31", "kind": "holiday", "name": "元旦"})
    assert response.context["form"].errors["day"] == ["日期应在 2000 年到 2100 年之间。"]
    assert WorkdayAdjustment.objects.filter(tenant=tree.tenant).count() == 1


def test_no_one_else_can_post(client, tree, personas):
    client.force_login(personas.chair)
    assert client.post(INDEX, {"day": "2027-01-01", "kind": "holiday", "name": "元旦"}).status_code == 404
    assert not WorkdayAdjustment.objects.exists()


def test_edit_page_shows_the_date_in_iso_and_saves(client, tree, personas):
    item = row(tree.tenant, "2027-01-01")
    url = reverse("workdays:edit", args=[item.pk])
    body = page(client, personas.office, url)
    assert 'type="date"' in body and 'value="2027-01-01"' in body
    response = client.post(url, {"day": "2027-01-02", "kind": "workday", "name": "元旦调休"})
    assert response.status_code == 302 and response.url == f"{INDEX}?year=2027"
    item.refresh_from_db()
    assert (item.day, item.kind, item.name) == (date(2027, 1, 2), "workday", "元旦调休")
    response = client.post(url, {"day": "", "kind": "workday", "name": ""})
    assert response.context["form"].errors == {"day": ["请选择日期。"], "name": ["请填写名称，例如“春节”。"]}


def test_the_edit_page_may_keep_its_own_day(client, tree, personas):
    item = row(tree.tenant, "2027-01-01")
    client.force_login(personas.office)
    response = client.post(
        reverse("workdays:edit", args=[item.pk]), {"day": "2027-01-01", "kind": "holiday", "name": "新年"}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("who", ["chair", "member", "leader", "other_office"])
def test_another_persons_edit_and_delete_are_404(client, tree, personas, who):
    item = row(tree.tenant, "2027-01-01")
    client.force_login(getattr(personas, who))
    assert client.get(reverse("workdays:edit", args=[item.pk])).status_code == 404
    assert (
        client.post(
            reverse("workdays:edit", args=[item.pk]), {"day": "2027-01-05", "kind": "holiday", "name": "x"}
        ).status_code
        == 404
    )
    assert client.post(reverse("workdays:delete", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.name == "元旦"


def test_a_missing_row_is_404(client, tree, personas):
    client.force_login(personas.office)
    assert client.get(reverse("workdays:edit", args=[999999])).status_code == 404


def test_office_deletes_a_row_after_confirming(client, tree, personas):
    item = row(tree.tenant, "2027-01-01")
    body = page(client, personas.office, year="2027")
    assert "确定删除 2027-01-01（元旦）的设置吗？" in body  # the browser asks (data-confirm)
    assert client.get(reverse("workdays:delete", args=[item.pk])).status_code == 405
    response = client.post(reverse("workdays:delete", args=[item.pk]))
    assert response.status_code == 302 and response.url == f"{INDEX}?year=2027"
    assert not WorkdayAdjustment.objects.filter(pk=item.pk).exists()


def test_the_calculator(client, tree, personas):
    body = page(client, personas.office, **{"calc-start": "2024-09-30", "calc-days": "5"})
    assert "从 2024-09-30 起 5 个工作日，截止 2024-10-11（星期五）。" in body
    body = page(client, personas.office, **{"calc-start": "2026-12-28", "calc-days": "5"})
    assert "截止 2027-01-01（星期五）" in body
    assert "2027 年的法定节假日安排尚未录入" in body.split('data-testid="period"')[1]
    response = client.get(INDEX, {"calc-start": "", "calc-days": "0"})
    assert response.context["calculator"].errors == {
        "start": ["请选择起始日期。"],
        "days": ["工作日数至少为 1。"],
    }
    assert response.context["period"] is None
    response = client.get(INDEX, {"calc-start": "9999-12-30", "calc-days": "5"})
    assert response.context["calculator"].errors == {"start": ["日期应在 2000 年到 2100 年之间。"]}
    # The calculator's start date is an ISO value for the date input.
    calculator = page(client, personas.office).split('data-testid="calculator"')[1]
    assert 'type="date" name="calc-start" value="2026-12-04"' in calculator


def test_the_page_query_count_does_not_grow_with_the_table(client, tree, personas):
    client.force_login(personas.office)
    params = {"year": "2026", "q": "放假", "calc-start": "2026-09-30", "calc-days": "5"}

    def count(rows: int) -> int:
        first = date(2026, 1, 1) + timedelta(days=WorkdayAdjustment.objects.count())
        WorkdayAdjustment.objects.bulk_create(
            WorkdayAdjustment(
                tenant=tree.tenant, day=first + timedelta(days=i), kind="holiday", name=f"放假{i}"
            )
            for i in range(rows)
        )
        # As many years the package does not know, each with a row, every other one confirmed by
        # the office: a line each on the page's list of years.
        for i in range(rows // 10 + 1):
            year = 2030 + len(years)
            years.append(year)
            row(tree.tenant, f"{year}-01-01")
            if i % 2 == 0:
                workday_year_confirm(tenant_id=tree.tenant.pk, year=year, actor=personas.office)
        client.get(INDEX)  # the session and the menu's caches warmed alike
        with CaptureQueriesContext(connection) as queries:
            response = client.get(INDEX, params)
        assert response.status_code == 200
        assert response.text.count('data-testid="year-20') == len(years) + 2  # and 2026, 2027
        return len(queries)

    years: list[int] = []
    small = count(3)
    large = count(120)  # two pages of the table, 14 years the office started
    assert small == large
    assert small <= 12


def test_the_office_finds_the_page_in_its_menu(client, tree, personas):
    client.force_login(personas.office)
    assert f'href="{INDEX}"' in client.get(reverse("home")).content.decode()
    client.force_login(personas.chair)
    assert f'href="{INDEX}"' not in client.get(reverse("home")).content.decode()
