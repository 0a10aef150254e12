"""Browser journey: the campaign office imports a roster (a file with errors first, then the fixed
one); a newly imported teacher logs in on a phone with the initial password and sets their own."""

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from chuangxian.orgs.models import Member
from chuangxian.roster.models import RosterImport
from chuangxian.roster.tests.factories import id_number, person, xlsx_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NEW_ID = id_number("19860315", 42)


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.goto("/accounts/login/")
    tenant = page.locator("select[name=tenant]")
    if tenant.count():
        tenant.select_option(label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def roster_file(tmp_path: Path, name: str, *, broken: bool) -> Path:
    rows = [
        person("2011001", "陈  静", gender="女", id=NEW_ID, group="中文系工会小组"),
        person("2011002", "林志强", unit="文学院" if broken else "文学与传播学院"),
        person("2011003", "黄丽华", unit="图书馆", id=350502198001011234 if broken else id_number(seq=3)),
    ]
    path = tmp_path / name
    path.write_bytes(xlsx_bytes(rows, above=[["泉州示范师范学院教职工花名册"]], merges=["A1:J1"]))
    return path


def screenshot(page, name: str) -> None:
    folder = os.environ.get("E2E_SCREENSHOTS")
    if folder:
        page.screenshot(path=str(Path(folder) / name), full_page=True)


def test_office_imports_a_roster_and_a_new_member_logs_in_on_a_phone(new_context, tree, personas, tmp_path):
    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.get_by_role("button", name="管理", exact=True).click()  # the office's tools sit in the 管理 menu
    office.get_by_role("link", name="名册导入").first.click()
    office.get_by_role("link", name="下载导入模板").wait_for()
    departure = office.locator("select[name=departure_status]")
    expect(departure).to_be_hidden()  # roster.js: only a full import marks members as departed
    office.get_by_label("全量导入").check()
    expect(departure).to_be_visible()
    office.get_by_label("部分更新").check()
    expect(departure).to_be_hidden()

    # First attempt: the file has two mistakes; the preview says where and what to do.
    office.set_input_files("input[name=file]", str(roster_file(tmp_path, "花名册.xlsx", broken=True)))
    office.get_by_role("button", name="上传并预览").click()
    office.get_by_text("有 2 行错误，不能导入").wait_for()
    errors_url = office.url
    table = office.locator("#preview-table")
    assert "第 4 行" in table.inner_text()
    assert "是不是「文学与传播学院」" in table.inner_text()
    assert "第 15 位以后的数字已经丢失" in table.inner_text()
    assert office.locator("#confirm-import").count() == 0
    office.get_by_role("link", name="错误").first.click()
    office.wait_for_url("**outcome=error")
    assert office.locator("#preview-table tbody tr").count() == 2
    assert not Member.objects.filter(staff_no__startswith="20110").exists()

    # The office fixes the file and uploads it again.
    office.get_by_role("link", name="重新上传").first.click()
    office.set_input_files("input[name=file]", str(roster_file(tmp_path, "花名册-修改.xlsx", broken=False)))
    office.get_by_role("button", name="上传并预览").click()
    office.get_by_text("检查通过").wait_for()
    assert "新增" in office.locator("#preview-table").inner_text()

    preview_url = office.url
    phone_office = new_context(phone=True).new_page()
    log_in(phone_office, tree.tenant.name, personas.office.staff_no)
    phone_office.goto(preview_url)
    phone_office.get_by_text("检查通过").wait_for()
    assert phone_office.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(phone_office, "roster-preview-phone.png")
    phone_office.goto(errors_url)
    phone_office.get_by_text("有 2 行错误").wait_for()
    assert phone_office.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(phone_office, "roster-errors-phone.png")

    office.get_by_role("button", name="确认导入").click()
    office.get_by_text("名册已导入：新增 3 人").wait_for()
    assert RosterImport.objects.filter(status="done").count() == 1
    phone_office.goto("/roster/")
    phone_office.get_by_text("导入记录").wait_for()
    assert phone_office.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(phone_office, "roster-start-phone.png")
    newcomer = Member.objects.get(tenant=tree.tenant, staff_no="2011001")
    assert newcomer.name == "陈静"
    assert newcomer.unit == tree.group

    # The newcomer logs in on a phone with the last six characters of the ID number.
    phone = new_context(phone=True).new_page()
    log_in(phone, tree.tenant.name, "2011001", password=NEW_ID[-6:])
    phone.wait_for_url("**/accounts/password/")
    phone.get_by_text("请先设置自己的新密码").wait_for()
    phone.fill("input[name=old_password]", NEW_ID[-6:])
    phone.fill("input[name=new_password]", "Chuangxian-2011")
    phone.fill("input[name=new_password2]", "Chuangxian-2011")
    phone.get_by_role("button", name="保存新密码").click()
    phone.get_by_text("密码已修改").wait_for()
    phone.get_by_text("陈静，您好").wait_for()
    assert urlparse(phone.url).path == "/"  # the home page
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
