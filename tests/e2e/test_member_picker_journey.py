"""Browser journey on a phone (390×844): a chair registers the unit's project and picks its
responsible people with the thumb, by typing pinyin initials into the member picker instead of
Ctrl-clicking a list of a hundred names."""

import pytest
import time_machine
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.orgs.tests.factories import MemberFactory
from chuangxian.projects.models import PersonRole, Project

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page, tenant_name, staff_no, password="pass-w0rd!"):
    page.goto("/accounts/login/")
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", staff_no)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url("**/")


def test_chair_picks_two_members_by_pinyin_initials_on_a_phone(new_context, tree, personas):
    make_campaign(tree.tenant)
    zhang = MemberFactory(unit=tree.college, name="张伟")
    zhou = MemberFactory(unit=tree.group, name="周文")
    MemberFactory(unit=tree.college, name="王芳")
    for n in range(60):  # a real unit's list: far too long to scroll through with a thumb
        MemberFactory(unit=tree.college, name=f"李{'一二三四五六七八九十'[n % 10]}{n}")
    with time_machine.travel("2011-03-01 10:00 +0800", tick=True):
        page = new_context(phone=True).new_page()
        refused = []
        page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
        log_in(page, tree.tenant.name, personas.chair.staff_no)
        page.goto(f"/projects/units/{tree.college.pk}/new/")

        page.select_option("select[name=theme]", index=1)
        page.fill("input[name=title]", "青年教师教学竞赛")
        page.fill("textarea[name=goals]", "提升青年教师的教学水平")

        # The picker replaces the multi-select: type "zw", both 张伟 and 周文 match, 王芳 does not.
        picker = page.locator(".ts-wrapper", has=page.locator("#id_responsible-ts-control"))
        search = page.locator("#id_responsible-ts-control")
        expect(search).to_be_visible()
        search.tap()
        search.fill("zw")
        dropdown = page.locator("#id_responsible-ts-dropdown")
        expect(dropdown.get_by_role("option", name=f"张伟（{zhang.staff_no}）")).to_be_visible()
        expect(dropdown.get_by_role("option", name=f"周文（{zhou.staff_no}）")).to_be_visible()
        expect(dropdown.get_by_role("option", name="王芳", exact=False)).to_have_count(0)
        dropdown.get_by_role("option", name=f"张伟（{zhang.staff_no}）").tap()
        search.fill("zw")
        dropdown.get_by_role("option", name=f"周文（{zhou.staff_no}）").tap()
        expect(picker.locator(".item")).to_have_count(2)

        # A staff number finds a participant too.
        participants = page.locator("#id_participants-ts-control")
        participants.tap()
        participants.fill(zhang.staff_no)
        page.locator("#id_participants-ts-dropdown").get_by_role(
            "option", name=f"张伟（{zhang.staff_no}）"
        ).tap()
        # The pick shows as an item before anything else happens (on a busy machine the save once
        # went out before the tap had registered, and the project had no participant).
        participants_picker = page.locator(".ts-wrapper", has=participants)
        expect(participants_picker.locator(".item")).to_have_count(1)

        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        # Nothing keeps the focus (the picker lets go after each pick on a phone). The save is then
        # a click event sent to the button itself: an emulated tap, and once in CI on PostgreSQL even
        # an emulated mouse click, at times landed on no button at all, so the form stayed unsent.
        # The taps above are what this journey is about; the form's own submit is what saves.
        page.evaluate("document.activeElement && document.activeElement.blur()")
        expect(page.locator(".ts-wrapper.focus")).to_have_count(0)
        with page.expect_navigation(timeout=30_000):
            page.get_by_role("button", name="保存").dispatch_event("click")
        expect(page.get_by_text("已登记项目「青年教师教学竞赛」。")).to_be_visible()

        responsible = page.locator("dt", has_text="责任人").locator("xpath=following-sibling::dd[1]")
        expect(responsible).to_contain_text("张伟")
        expect(responsible).to_contain_text("周文")
        participants_row = page.locator("dt", has_text="参与会员").locator("xpath=following-sibling::dd[1]")
        expect(participants_row).to_have_text("张伟")
    project = Project.objects.get()
    assert set(project.people.filter(role=PersonRole.RESPONSIBLE).values_list("member__name", flat=True)) == {
        "张伟",
        "周文",
    }
    assert refused == []
