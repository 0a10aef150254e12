"""Browser journey: the office sets the default tasks, a chair submits the summary from a phone, the
office's matrix shows it waiting for review and then done; the office reminds another unit, whose
chair finds the notice in their inbox."""

import pytest
import time_machine

from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.supervision.models import Reminder
from tests.e2e.conftest import open_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SUMMARY_PHASE = "2012-08-10 09:00 +0800"  # inside phase 4 (总结经验，巩固成果)


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.goto("/accounts/login/")
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_tasks_submission_review_and_reminder(new_context, tree, personas):
    make_campaign(tree.tenant)
    with time_machine.travel(SUMMARY_PHASE, tick=True):
        office = new_context().new_page()
        log_in(office, tree.tenant.name, personas.office.staff_no)
        office.goto("/tasks/")
        office.get_by_role("button", name="生成默认任务").click()
        office.get_by_text("已生成默认任务").wait_for()
        assert office.locator("[data-task]").count() == 4

        chair = new_context(phone=True).new_page()
        log_in(chair, tree.tenant.name, personas.chair.staff_no)
        open_menu(chair)
        chair.get_by_role("link", name="本单位任务").click()
        for title in ("召开动员大会", "组织学习文件", "制定工会活动方案", "提交总结"):
            assert chair.get_by_role("link", name=title).is_visible()
        assert chair.locator("[data-unit-task]", has_text="责任人：学院主席").count() == 4
        assert chair.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        chair.get_by_role("link", name="提交总结").click()
        chair.set_input_files(
            "input[name=document]", files=[{"name": "总结.pdf", "mimeType": "application/pdf", "buffer": PDF}]
        )
        chair.get_by_role("button", name="提交审核").click()
        chair.get_by_text("已提交「提交总结」").wait_for()

        office.goto("/supervision/")
        row = office.locator("tr[data-unit='文学与传播学院']")
        row.get_by_text("待审核").wait_for()
        row.get_by_text("待审核").click()
        office.get_by_role("button", name="确定").click()
        office.get_by_text("已审核通过").wait_for()
        office.goto("/supervision/")
        office.locator("tr[data-unit='文学与传播学院']").get_by_text("已完成").wait_for()
        assert UnitTask.objects.get(unit=tree.college, task__code="summary").status == TaskStatus.DONE

        office.get_by_role("button", name="提醒数学与计算机科学学院办理提交总结").click()
        office.get_by_text("已提醒数计主席办理「提交总结」").wait_for()
        assert Reminder.objects.count() == 1

        # On a phone the matrix's rows are cards (the same cells, rendered once): no header, no
        # sideways scrolling, each unit's reminders at hand.
        office_phone = new_context(phone=True).new_page()
        log_in(office_phone, tree.tenant.name, personas.office.staff_no)
        office_phone.goto("/supervision/")
        card = office_phone.locator("tr[data-unit='数学与计算机科学学院']")
        assert card.get_by_role("button", name="提醒数学与计算机科学学院办理提交总结").is_visible()
        assert office_phone.locator(".supervision-matrix thead").is_hidden()
        assert office_phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        sibling = new_context(phone=True).new_page()
        log_in(sibling, tree.tenant.name, personas.sibling_chair.staff_no)
        sibling.goto("/notifications/")
        sibling.get_by_text("督办提醒：请尽快办理「提交总结」").wait_for()
        assert sibling.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
