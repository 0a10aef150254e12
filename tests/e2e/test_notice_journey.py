"""Browser journey: the campaign office drafts an official notice, issues it, sees its number and
downloads the PDF; a member reads it on a phone."""

import pytest

from chuangxian.core.actors import SYSTEM
from chuangxian.documents.models import Notice, NoticeStatus
from chuangxian.documents.services import notice_series_set_start

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.goto("/accounts/login/")
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_office_drafts_issues_and_downloads_a_notice(new_context, tree, personas):
    notice_series_set_start(
        tenant=tree.tenant, prefix="泉师院委组工", year=2010, first_number=22, actor=SYSTEM
    )
    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.goto("/documents/notices/")
    office.get_by_role("link", name="起草公文").click()
    office.fill("input[name=doc_prefix]", "泉师院委组工")
    office.fill("input[name=year]", "2010")
    office.fill("input[name=title]", "关于召开创先争优活动动员大会的通知")
    office.fill("input[name=addressees]", "各二级工会、直属工会小组")
    office.fill("textarea[name=body]", "一、会议时间\n2010年12月20日下午。\n二、参加人员\n全体教职工。")
    office.fill("input[name=issuing_office]", "泉州示范师范学院创先争优活动领导小组办公室")
    office.fill("input[name=signed_on]", "2010-12-15")
    office.fill("input[name=cc]", "福建省总工会创先争优活动领导小组办公室，校领导存档（二）")
    office.fill("input[name=printing_office]", "泉州示范师范学院创先办")
    office.fill("input[name=printed_on]", "2010-12-23")
    office.get_by_role("button", name="保存草稿").click()
    office.get_by_text("已保存草稿").wait_for()
    assert office.get_by_text("草稿（签发时编号）").first.is_visible()

    office.get_by_role("link", name="签发").click()
    office.get_by_text("不作保证").wait_for()
    office.get_by_role("button", name="签发").click()
    office.get_by_text("已签发，文号为 泉师院委组工〔2010〕22号。").wait_for()
    notice = Notice.objects.get()
    assert notice.status == NoticeStatus.ISSUED and notice.number == 22

    with office.expect_download() as info:
        office.get_by_role("link", name="下载 PDF").click()
    download = info.value
    assert download.suggested_filename.startswith("泉师院委组工〔2010〕22号")
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"

    phone = new_context(phone=True).new_page()
    log_in(phone, tree.tenant.name, personas.member.staff_no)
    phone.goto("/documents/notices/")
    phone.get_by_role("link", name="关于召开创先争优活动动员大会的通知").click()
    phone.get_by_text("抄送：福建省总工会创先争优活动领导小组办公室，校领导存档（二）。").wait_for()
    assert phone.get_by_role("link", name="签发").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
