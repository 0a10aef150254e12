"""Browser journey across issue 3 (phase 1): the office publishes the seed plan for study and the
default task list; a sub-union chair records the mobilisation meeting and two members check in from
their phones; the chair attaches the meeting to its task; the chair's plan is returned, revised and
approved; the office's supervision matrix shows the change for the college."""

import re

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.assignments import selectors as task_selectors
from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.meetings.models import Attendance, AttendanceMethod, Meeting
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from chuangxian.plans.models import PlanStatus, UnitPlan
from chuangxian.study.models import StudyDocument

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHASE_1 = "2010-12-20 14:40 +0800"  # inside phase 1 (宣传发动，制定方案); check-in opens an hour early
SEED_TITLE = "泉州师范学院工会创先争优活动实施方案"
UNIT = "文学与传播学院"


def fill_login(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def log_in(page, tenant_name, staff_no):
    page.goto("/accounts/login/")
    fill_login(page, tenant_name, staff_no)
    page.wait_for_url(re.compile(r"/$"))


def office_menu(page, item):
    """Open the navbar's 管理 dropdown and follow one of the office's tools."""
    page.get_by_role("button", name="管理", exact=True).click()
    page.get_by_role("link", name=item, exact=True).click()


def matrix_cell(page, unit, task_title):
    """The status badge of ``unit`` × ``task_title`` in the office's supervision matrix (desktop table)."""
    headers = page.locator("table.supervision-matrix thead th")
    titles = headers.all_inner_texts()
    index = next(i for i, text in enumerate(titles) if text.strip().startswith(task_title))
    # Each row is one <th> (the unit) followed by one <td> per task column.
    row = page.locator(f"table.supervision-matrix tr[data-unit='{unit}']")
    return row.locator("td").nth(index - 1).locator("[data-status]")


def test_phase1_from_publication_to_supervision(new_context, tree, personas):
    campaign = make_campaign(tree.tenant)
    teacher = make_user(MemberFactory(unit=tree.college, name="学院教师"))
    group_member = make_user(MemberFactory(unit=tree.group, name="小组会员"))

    with time_machine.travel(PHASE_1, tick=True):
        # 1. The office publishes the seed plan for study and generates the default task list.
        office = new_context().new_page()
        log_in(office, tree.tenant.name, personas.office.staff_no)
        office.get_by_role("link", name="文件学习").click()
        office.get_by_role("link", name="发布学习文件").click()
        office.fill("input[name=title]", SEED_TITLE)
        office.fill("textarea[name=body]", "各二级工会：现将实施方案印发给你们，请认真组织学习。")
        office.get_by_role("button", name="发布").click()
        office.get_by_text(f"已发布学习文件「{SEED_TITLE}」。").wait_for()

        office_menu(office, "阶段任务")
        office.get_by_role("button", name="生成默认任务").click()
        office.get_by_text("已生成默认任务").wait_for()
        for code in ("mobilisation_meeting", "study_documents", "unit_plan", "summary"):
            expect(office.locator(f"[data-task='{code}']")).to_have_count(1)

        # 2. The chair records the mobilisation meeting and shows the check-in code.
        chair = new_context().new_page()
        log_in(chair, tree.tenant.name, personas.chair.staff_no)
        chair.get_by_role("button", name="本单位").click()  # the unit's own menu
        chair.get_by_role("link", name="我的单位").click()
        chair.get_by_role("link", name="会议记录").click()
        chair.get_by_role("link", name="记录会议").click()
        chair.select_option("select[name=kind]", "mobilisation")
        chair.fill("input[name=title]", "创先争优活动动员大会")
        expect(chair.locator("select[name=campaign]")).to_have_value(str(campaign.pk))
        chair.fill("input[name=starts_at]", "2010-12-20T15:00")
        chair.fill("input[name=place]", "行政楼三楼会议室")
        chair.select_option("select[name=host]", str(personas.chair_row.pk))
        chair.fill("textarea[name=agenda]", "一、传达学校实施方案\n二、部署本学院工作")
        chair.get_by_role("button", name="保存").click()
        chair.get_by_text("已记录会议「创先争优活动动员大会」").wait_for()
        meeting = Meeting.objects.get()

        chair.get_by_role("link", name="扫码签到").click()
        qr = chair.locator("img.checkin-qr")
        expect(qr).to_be_visible()
        checkin_url = qr.get_attribute("data-checkin-url")
        assert checkin_url and f"/meetings/{meeting.pk}/checkin/?code=" in checkin_url
        expect(chair.get_by_test_id("checked-in-count")).to_have_text("0")

        # Two members of the unit scan the code on their phones: each logs in, then is checked in.
        for user in (teacher, group_member):
            phone = new_context(phone=True).new_page()
            phone.goto(checkin_url)
            expect(phone).to_have_url(re.compile(r"/accounts/login/\?next="))
            fill_login(phone, tree.tenant.name, user.staff_no)
            expect(phone.get_by_test_id("checkin-status")).to_have_text("签到成功")
            assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        # The host screen polls: the count reaches 2 without a reload.
        expect(chair.get_by_test_id("checked-in-count")).to_have_text("2", timeout=15_000)
        chair.get_by_role("link", name="返回").click()
        # chair, liaison, 普通会员 and the two new members are the college subtree's active members.
        expect(chair.get_by_test_id("attendance-rate")).to_have_text("40%")

        # 3a. The chair attaches the meeting to the 召开动员大会 task and submits it.
        chair.get_by_role("button", name="本单位").click()  # the unit's own menu
        chair.get_by_role("link", name="本单位任务").click()
        chair.get_by_role("link", name="召开动员大会").click()
        chair.select_option("select[name=evidence_key]", f"meetings.meeting:{meeting.pk}")
        chair.get_by_role("button", name="提交审核").click()
        chair.get_by_text("已提交「召开动员大会」").wait_for()

        # 3b. The chair writes and submits the unit plan.
        chair.get_by_role("button", name="本单位").click()  # the unit's own menu
        chair.get_by_role("link", name="工会活动方案").click()
        chair.get_by_role("link", name=UNIT).click()
        chair.fill("textarea[name=goals]", "创建模范职工之家，人人参与创先争优")
        chair.fill("textarea[name=measures]", "每月一次学习会")
        chair.fill("textarea[name=project]", "书香工会读书月")
        chair.fill("textarea[name=schedule]", "12月动员，次年1月启动")
        chair.get_by_role("button", name="提交审核").click()
        chair.get_by_text("方案已提交，请等待学校工会审核。").wait_for()

        # 3c. The office returns it with a comment.
        office_menu(office, "方案审核")
        office.get_by_role("link", name=UNIT).click()
        office.get_by_label("退回修改").check()
        office.fill("textarea[name=comment]", "措施要写明时间和负责人")
        office.get_by_role("button", name="提交审核结果").click()
        office.get_by_text(f"已退回「{UNIT}」的方案。").wait_for()

        # 3d. The chair revises (the returned text is kept) and resubmits.
        chair.get_by_role("button", name="本单位").click()  # the unit's own menu
        chair.get_by_role("link", name="工会活动方案").click()
        chair.get_by_role("link", name=UNIT).click()
        chair.get_by_text("措施要写明时间和负责人").first.wait_for()
        chair.get_by_role("link", name="修改方案").click()
        assert chair.input_value("textarea[name=measures]") == "每月一次学习会"
        chair.fill("textarea[name=measures]", "每月第一周周三下午学习会，由联络员负责签到")
        chair.get_by_role("button", name="提交审核").click()
        chair.get_by_text("方案已提交，请等待学校工会审核。").wait_for()

        # 3e. The office approves it.
        office_menu(office, "方案审核")
        office.get_by_role("link", name=UNIT).click()
        office.get_by_label("通过", exact=True).check()
        office.get_by_role("button", name="提交审核结果").click()
        office.get_by_text(f"已通过「{UNIT}」的方案。").wait_for()

        # 4. The office's matrix (phase 1) shows the plan done and the meeting waiting for review.
        office_menu(office, "督查")
        office.get_by_role("link", name="1. 宣传发动，制定方案").click()
        expect(office.locator("table.supervision-matrix")).to_be_visible()
        expect(matrix_cell(office, UNIT, "制定工会活动方案")).to_have_text("已完成")
        expect(matrix_cell(office, UNIT, "召开动员大会")).to_have_text("待审核")
        expect(matrix_cell(office, UNIT, "组织学习文件")).to_have_text("未开始")

        # The office approves the meeting task from the matrix; the cell turns 已完成.
        matrix_cell(office, UNIT, "召开动员大会").click()
        office.get_by_label("通过", exact=True).check()
        office.get_by_role("button", name="确定").click()
        office.get_by_text("已审核通过").wait_for()
        office_menu(office, "督查")
        expect(matrix_cell(office, UNIT, "召开动员大会")).to_have_text("已完成")
        expect(matrix_cell(office, UNIT, "制定工会活动方案")).to_have_text("已完成")

    # The database agrees with the pages.
    assert StudyDocument.objects.filter(title=SEED_TITLE, campaign=campaign).count() == 1
    plan = UnitPlan.objects.get(unit=tree.college, campaign=campaign)
    assert (plan.status, plan.current_number) == (PlanStatus.APPROVED, 2)
    attendances = Attendance.objects.filter(meeting=meeting)
    assert sorted(a.member.name for a in attendances) == ["学院教师", "小组会员"]
    assert {a.method for a in attendances} == {AttendanceMethod.CHECKIN}
    unit_tasks = {
        ut.task.code: ut for ut in UnitTask.objects.filter(unit=tree.college).select_related("task")
    }
    assert set(unit_tasks) == {"mobilisation_meeting", "study_documents", "unit_plan", "summary"}
    mobilisation = unit_tasks["mobilisation_meeting"]
    assert mobilisation.status == TaskStatus.DONE
    assert mobilisation.evidence_key == f"meetings.meeting:{meeting.pk}"
    assert task_selectors.unit_task_row(unit_tasks["unit_plan"]).status.base == TaskStatus.DONE
    assert unit_tasks["study_documents"].status == TaskStatus.NOT_STARTED
    assert unit_tasks["summary"].status == TaskStatus.NOT_STARTED
