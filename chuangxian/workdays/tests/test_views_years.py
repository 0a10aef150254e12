"""The office's page /workdays/: the status of each year shown (built in, confirmed complete, not yet)
and the buttons that confirm a year the package does not know, or reopen it."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.workdays.models import AdjustmentKind, WorkdayYear
from chuangxian.workdays.services import AdjustmentData, workday_adjustment_add, workday_year_confirm

pytestmark = pytest.mark.django_db

INDEX = reverse("workdays:index")
CONFIRM = reverse("workdays:year_confirm")
TODAY = "2026-12-04 10:00 +0800"


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


def row(tenant, day: str, kind: str = AdjustmentKind.HOLIDAY, name: str = "春节") -> None:
    data = AdjustmentData(day=date.fromisoformat(day), kind=kind, name=name)
    workday_adjustment_add(tenant_id=tenant.pk, data=data, actor=SYSTEM)


def year_line(body: str, year: int) -> str:
    return body.split(f'data-testid="year-{year}"')[1].split("</li>")[0]


def follow(client, url: str, data: dict) -> str:
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_tells_each_year_apart(client, tree, personas):
    row(tree.tenant, "2028-02-14")
    client.force_login(personas.office)
    body = client.get(INDEX).content.decode()
    assert "系统内置" in year_line(body, 2026) and "<form" not in year_line(body, 2026)
    # 2027: nothing entered yet, nothing to confirm.
    assert "尚未确认" in year_line(body, 2027)
    assert "还没有录入这一年的任何一天" in year_line(body, 2027) and "<form" not in year_line(body, 2027)
    # 2028: a row, not yet confirmed (shown although it is neither this year nor the next).
    line = year_line(body, 2028)
    assert "尚未确认" in line and "本表已录入 1 天" in line
    assert f'action="{CONFIRM}"' in line and 'name="year" value="2028"' in line
    assert (
        "确认 2028 年的放假和调休上班日期已按国务院办公厅通知全部录入（本表 1 天）？" in line
    )  # data-confirm
    assert "2027、2028 年的法定节假日安排尚未录入" in body


def test_office_confirms_a_year_and_the_warning_goes(client, tree, personas):
    row(tree.tenant, "2027-02-08")
    row(tree.tenant, "2027-02-20", kind=AdjustmentKind.WORKDAY, name="春节调休")
    client.force_login(personas.office)
    response = client.post(CONFIRM, {"year": "2027"})
    assert response.status_code == 302 and response.url == f"{INDEX}?year=2027"
    body = follow(client, CONFIRM, {"year": "2027"})  # a second press: told, nothing changes
    assert "2027 年已经确认录入全年安排。" in body
    line = year_line(body, 2027)
    assert "已确认录入全年安排" in line
    name = personas.office.get_full_name() or personas.office.get_username()
    assert f"{name}于 2026-12-04 10:00 确认已按国务院办公厅通知录入全年安排（本表 2 天）。" in line
    assert 'data-testid="unknown-years"' not in body
    assert AuditEntry.objects.filter(action="workdays.year.confirmed", actor=personas.office).count() == 1


def test_the_success_message(client, tree, personas):
    row(tree.tenant, "2027-02-08")
    client.force_login(personas.office)
    body = follow(client, CONFIRM, {"year": "2027"})
    assert "已确认 2027 年全年安排已录入，这一年的期限不再提示尚未录入。" in body


@pytest.mark.parametrize(
    ("year", "message"),
    [
        (
            "2027",
            "2027 年还没有录入任何一天。请先按国务院办公厅通知逐日录入这一年的放假和调休上班日期，再确认。",
        ),
        ("2026", "系统已内置 2026 年的国家安排，不需要确认。"),
        ("1999", "年份应在 2000 年到 2100 年之间。"),
        ("二〇二七", "年份应是整数。"),
        ("", "请选择年份。"),
    ],
)
def test_a_refused_confirmation_says_why_in_chinese(client, tree, personas, year, message):
    client.force_login(personas.office)
    body = follow(client, CONFIRM, {"year": year})
    assert message in body
    assert not WorkdayYear.objects.exists()


@pytest.mark.parametrize("who", ["chair", "member", "leader", "admin"])
def test_only_the_office_may_confirm(client, tree, personas, who):
    row(tree.tenant, "2027-02-08")
    client.force_login(getattr(personas, who))
    assert client.post(CONFIRM, {"year": "2027"}).status_code == 404
    assert not WorkdayYear.objects.exists()


def test_a_confirmation_is_a_post(client, tree, personas):
    client.force_login(personas.office)
    assert client.get(CONFIRM, {"year": "2027"}).status_code == 405


def test_the_other_schools_office_confirms_its_own_year(client, tree, personas):
    row(tree.tenant, "2027-02-08")
    row(tree.other_tenant, "2027-02-08")
    client.force_login(personas.other_office)
    assert client.post(CONFIRM, {"year": "2027"}).status_code == 302
    assert list(WorkdayYear.objects.values_list("tenant_id", flat=True)) == [tree.other_tenant.pk]


def test_office_reopens_a_year(client, tree, personas):
    row(tree.tenant, "2027-02-08")
    record = workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=SYSTEM)
    url = reverse("workdays:year_reopen", args=[record.pk])
    client.force_login(personas.office)
    body = client.get(INDEX).content.decode()
    line = year_line(body, 2027)
    assert "系统于 2026-12-04 10:00 确认" in line  # confirmed by the system: no person named
    assert f'action="{url}"' in line and "撤销 2027 年的确认吗？" in line
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302 and response.url == f"{INDEX}?year=2027"
    record.refresh_from_db()
    assert not record.complete
    body = follow(client, url, {})  # pressed again
    assert "2027 年尚未确认录入全年安排。" in body
    assert "尚未确认" in year_line(body, 2027)
    assert "2027 年的法定节假日安排尚未录入" in body.split('data-testid="unknown-years"')[1]


def test_the_reopen_message(client, tree, personas):
    row(tree.tenant, "2027-02-08")
    record = workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=SYSTEM)
    client.force_login(personas.office)
    body = follow(client, reverse("workdays:year_reopen", args=[record.pk]), {})
    assert "已撤销 2027 年的确认：改正后请再次确认，在此之前涉及这一年的期限会提示尚未录入。" in body


@pytest.mark.parametrize("who", ["chair", "member", "leader", "other_office"])
def test_nobody_else_may_reopen(client, tree, personas, who):
    row(tree.tenant, "2027-02-08")
    record = workday_year_confirm(tenant_id=tree.tenant.pk, year=2027, actor=SYSTEM)
    client.force_login(getattr(personas, who))
    assert client.post(reverse("workdays:year_reopen", args=[record.pk])).status_code == 404
    record.refresh_from_db()
    assert record.complete
