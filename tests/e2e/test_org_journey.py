"""Browser journey: the campaign office manages the organisation tree and a phase window; a chair
on a phone sees only their own subtree."""

import pytest
import time_machine

from chuangxian.campaigns.models import PhaseWindowReopen
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.roles import Role
from chuangxian.orgs.models import RoleAssignment, Unit
from chuangxian.orgs.tests.factories import MemberFactory
from tests.e2e.conftest import open_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.goto("/accounts/login/")
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")


def test_office_builds_tree_and_chair_sees_subtree_on_phone(new_context, tree, personas):
    future = MemberFactory(unit=tree.sibling, name="未来主席")
    office = new_context().new_page()
    log_in(office, tree.tenant.name, personas.office.staff_no)
    office.get_by_role("link", name="组织机构").first.click()
    office.get_by_role("link", name="数学与计算机科学学院").click()
    office.get_by_role("link", name="新建下级组织").click()
    office.fill("input[name=name]", "软件工程教研室工会小组")
    office.select_option("select[name=kind]", "group")
    office.get_by_role("button", name="保存").click()
    office.get_by_text("已新建组织「软件工程教研室工会小组」").wait_for()

    # A duplicate name is refused with a message that says what to do.
    office.goto(f"/orgs/units/{tree.root.pk}/new/")
    office.fill("input[name=name]", "图书馆")
    office.get_by_role("button", name="保存").click()
    office.get_by_text("已有名为「图书馆」的组织，请换一个名称。").wait_for()

    office.goto(f"/orgs/units/{tree.sibling.pk}/officers/")
    office.select_option("select[name=chair]", str(future.pk))
    office.get_by_role("button", name="保存").click()
    office.get_by_text("已更新主席和联络员。").wait_for()
    assert RoleAssignment.objects.filter(unit=tree.sibling, role=Role.CHAIR, member=future).exists()
    assert Unit.objects.filter(name="软件工程教研室工会小组", path__startswith=tree.sibling.path).exists()

    phone = new_context(phone=True).new_page()
    log_in(phone, tree.tenant.name, personas.chair.staff_no)
    open_menu(phone)
    phone.get_by_role("link", name="组织机构").click()
    phone.wait_for_url("**/orgs/")  # is_visible() does not wait: it raced the navigation
    assert phone.get_by_role("link", name="中文系工会小组").is_visible()
    assert phone.get_by_role("link", name="数学与计算机科学学院").count() == 0
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_office_reopens_a_closed_phase_for_one_unit(new_context, tree, personas):
    campaign = make_campaign(tree.tenant)
    with time_machine.travel("2011-02-01 09:00 +0800", tick=True):
        page = new_context().new_page()
        log_in(page, tree.tenant.name, personas.office.staff_no)
        page.goto(f"/campaigns/{campaign.pk}/")
        page.get_by_role("link", name="重新开放窗口").click()
        page.select_option("select[name=unit]", str(tree.college.pk))
        page.fill("input[name=until]", "2011-02-10")
        page.get_by_role("button", name="保存").click()
        page.get_by_text("请写明重新开放的理由").or_(page.get_by_text("这个字段是必填项")).first.wait_for()
        page.fill("textarea[name=reason]", "学院主席外出培训，方案晚交")
        page.get_by_role("button", name="保存").click()
        page.get_by_text("已为「文学与传播学院」重新开放").wait_for()
    assert PhaseWindowReopen.objects.get().reason == "学院主席外出培训，方案晚交"
