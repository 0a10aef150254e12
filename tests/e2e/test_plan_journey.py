"""Browser journey: a chair writes and submits the unit plan, the office returns it with a comment,
the chair revises and resubmits, the office approves; a member on a phone reads the approved plan and
confirms a study document."""

import pytest
import time_machine

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.plans.models import PlanStatus, UnitPlan
from chuangxian.study.models import StudyConfirmation

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.goto("/accounts/login/")
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_plan_is_returned_revised_approved_and_read_by_a_member(new_context, tree, personas):
    make_campaign(tree.tenant)
    with time_machine.travel("2010-12-20 09:00 +0800", tick=True):
        chair = new_context().new_page()
        log_in(chair, tree.tenant.name, personas.chair.staff_no)
        chair.goto(f"/plans/units/{tree.college.pk}/")
        chair.fill("textarea[name=goals]", "创建模范职工之家，人人参与创先争优")
        chair.fill("textarea[name=measures]", "每月一次学习会")
        chair.fill("textarea[name=project]", "书香工会读书月")
        chair.fill("textarea[name=schedule]", "12月动员，次年1月启动")
        chair.get_by_role("button", name="提交审核").click()
        chair.get_by_text("方案已提交，请等待学校工会审核。").wait_for()

        office = new_context().new_page()
        log_in(office, tree.tenant.name, personas.office.staff_no)
        office.goto("/plans/")
        office.get_by_role("link", name="文学与传播学院").click()
        office.get_by_label("退回修改").check()
        office.get_by_role("button", name="提交审核结果").click()
        office.get_by_text("退回方案时请写明修改意见。").wait_for()
        office.get_by_label("退回修改").check()
        office.fill("textarea[name=comment]", "措施要写明时间和负责人")
        office.get_by_role("button", name="提交审核结果").click()
        office.get_by_text("已退回「文学与传播学院」的方案。").wait_for()

        chair.goto(f"/plans/units/{tree.college.pk}/")
        chair.get_by_text("措施要写明时间和负责人").first.wait_for()
        chair.get_by_role("link", name="修改方案").click()
        assert chair.input_value("textarea[name=measures]") == "每月一次学习会"  # the returned text is kept
        chair.fill("textarea[name=measures]", "每月第一周周三下午学习会，由联络员负责签到")
        chair.get_by_role("button", name="提交审核").click()
        chair.get_by_text("方案已提交，请等待学校工会审核。").wait_for()
        chair.get_by_role("link", name="比较版本").click()
        assert chair.locator("ins").filter(has_text="第一周周三下午").count() >= 1

        office.reload()
        office.get_by_label("通过", exact=True).check()
        office.get_by_role("button", name="提交审核结果").click()
        office.get_by_text("已通过「文学与传播学院」的方案。").wait_for()
        plan = UnitPlan.objects.get()
        assert (plan.status, plan.current_number) == (PlanStatus.APPROVED, 2)

        office.goto("/study/new/")
        office.fill("input[name=title]", "泉州师范学院工会创先争优活动实施方案")
        office.fill("textarea[name=body]", "各二级工会：现将实施方案印发给你们，请认真组织学习。")
        office.get_by_role("button", name="发布").click()
        office.get_by_text("已发布学习文件").wait_for()

        phone = new_context(phone=True).new_page()
        log_in(phone, tree.tenant.name, personas.member.staff_no)
        phone.goto("/plans/")
        phone.get_by_role("link", name="文学与传播学院工会活动方案").click()
        phone.get_by_text("每月第一周周三下午学习会").wait_for()
        assert phone.get_by_text("措施要写明时间和负责人").count() == 0
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        phone.goto("/")
        phone.get_by_role("link", name="学习文件：泉州师范学院工会创先争优活动实施方案").click()
        phone.get_by_role("button", name="我已学习").click()
        phone.get_by_text("已确认学习，谢谢！").wait_for()
        phone.get_by_test_id("study-confirmed").wait_for()
        assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert StudyConfirmation.objects.filter(member=personas.member_row).count() == 1
