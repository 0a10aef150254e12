"""Browser journey on a phone: each persona of the demo (the platform admin, the office, a chair, a liaison, a
member, a representative, a judge, the handling office, a leader) opens every entry of their menu.
None is a 404 and no page shows an English sentence; the platform admin starts on the schools, a
judge (of the campaign: a grant) is told what judging will do."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM
from chuangxian.core.roles import Role
from chuangxian.demo.models import PersonaKey
from chuangxian.grants.models import GrantKind
from chuangxian.grants.services import grant_create
from chuangxian.orgs.services import role_grant
from chuangxian.orgs.tests.factories import MemberFactory, make_user
from tests.e2e.conftest import open_menu

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ENGLISH_SENTENCE = re.compile(r"\b[A-Za-z]{3,} [A-Za-z]{3,} [A-Za-z]{3,}\b")
PASSWORD = "pass-w0rd!"  # make_user's
FILE_NAME = re.compile(r"\S+\.(?:pdf|docx?|xlsx?|jpe?g|png|gif|webp)\b", re.I)


@pytest.fixture
def people(tree, personas):
    """One login per role of the demo (the shared personas plus a judge, the handling office and a
    representative, placed as the demo places them), with the campaign running. Built from the test
    tree rather than ``manage.py demo`` so that the journey does not wait for a full load."""
    campaign = make_campaign(tree.tenant)
    logins = {
        PersonaKey.ADMIN: personas.admin.username,
        PersonaKey.OFFICE: personas.office.staff_no,
        PersonaKey.CHAIR: personas.chair.staff_no,
        PersonaKey.LIAISON: personas.liaison.staff_no,
        PersonaKey.MEMBER: personas.member.staff_no,
        PersonaKey.LEADER: personas.leader.staff_no,
    }
    for key, role, unit in (
        (PersonaKey.REPRESENTATIVE, Role.REPRESENTATIVE, tree.group),
        (PersonaKey.HANDLING, Role.HANDLING_OFFICE, tree.library),
    ):
        member = MemberFactory(unit=unit)
        role_grant(member=member, unit=unit, role=role, actor=SYSTEM)
        logins[key] = make_user(member).staff_no
    # A judge is a grant on the campaign; the server runs on today's date, after the test campaign's
    # term, so this one runs from today on.
    judge = MemberFactory(unit=tree.sibling)
    grant_create(kind=GrantKind.JUDGE, target=campaign, member=judge, starts_on=clock.today(), actor=SYSTEM)
    logins[PersonaKey.JUDGE] = make_user(judge).staff_no
    return logins


def log_in(page, tenant_name, login):
    page.goto("/accounts/login/")
    page.select_option("select[name=tenant]", label=tenant_name)
    page.fill("input[name=username]", login)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r"/$"))


def menu_entries(page):
    """(label, href, in the 管理 dropdown) for every link of the phone menu. A group of the main bar
    is in the page twice, as the desktop's dropdown and as the drawer's list: only the branch shown on
    this screen counts."""
    open_menu(page)
    entries = []
    for link in page.locator("#nav a[href]").all():
        href = link.get_attribute("href")
        if not href or href == "#":
            continue
        if not link.evaluate("a => a.closest('#nav > ul > li').offsetParent !== null"):
            continue
        in_dropdown = link.evaluate("a => a.classList.contains('dropdown-item')")
        entries.append((link.inner_text().strip(), href, in_dropdown))
    return entries


def english_sentences(page):
    text = FILE_NAME.sub("", page.locator("body").inner_text())
    return ENGLISH_SENTENCE.findall(text)


def open_each_entry(page):
    """Open each menu entry by tapping it in the drawer, from the home page; (label, status, English)
    of every entry that failed."""
    failures = []
    entries = menu_entries(page)
    assert entries, "the phone menu offers nothing"
    for label, href, in_dropdown in entries:
        page.goto("/")
        open_menu(page)
        nav = page.locator("#nav")
        if in_dropdown:
            toggle = nav.locator("li.dropdown", has=page.locator(f"a[href='{href}']")).locator(
                "a.dropdown-toggle"
            )
            toggle.click()
        with page.expect_navigation() as navigation:
            nav.locator(f"a[href='{href}']:visible").first.click()
        status = navigation.value.status if navigation.value is not None else 0
        # Django's own admin is outside the app's catalogue: it still says "View list link" and
        # names django-tasks' "Tasks Database Backend" in English. Its status is checked, not its words.
        found = [] if href.startswith("/admin/") else english_sentences(page)
        if status != 200 or found:
            failures.append((label, href, status, found[:3]))
    return failures


@pytest.mark.parametrize(
    "key",
    [
        PersonaKey.ADMIN,
        PersonaKey.OFFICE,
        PersonaKey.CHAIR,
        PersonaKey.LIAISON,
        PersonaKey.MEMBER,
        PersonaKey.REPRESENTATIVE,
        PersonaKey.JUDGE,
        PersonaKey.HANDLING,
        PersonaKey.LEADER,
    ],
)
def test_every_menu_entry_opens_on_a_phone(new_context, tree, people, key):
    page = new_context(phone=True).new_page()
    log_in(page, tree.tenant.name, people[key])
    if key == PersonaKey.ADMIN:
        expect(page.get_by_role("heading", name="平台概况")).to_be_visible()
    if key == PersonaKey.JUDGE:
        expect(page.get_by_test_id("role-outlook")).to_contain_text("作为评委")
    assert english_sentences(page) == []
    assert open_each_entry(page) == []


HONOURS = ["评选", "先进典型", "公示"]


def test_the_desktop_bar_folds_评选表彰_into_a_dropdown_that_leads_to_公示(new_context, tree, people):
    """On a desktop the three entries sit in one dropdown of the bar, opened with the mouse or the
    keyboard (Bootstrap's dropdown: Enter opens it, the arrow keys move, Escape closes it); the page
    reached lights the group."""
    page = new_context().new_page()
    log_in(page, tree.tenant.name, people[PersonaKey.MEMBER])
    bar = page.locator("#nav")
    toggle = bar.get_by_role("button", name="评选表彰")
    for label in HONOURS:
        expect(bar.get_by_role("link", name=label, exact=True)).to_be_hidden()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    dropdown = page.locator("ul[aria-labelledby='nav-group-honours']")
    expect(dropdown.get_by_role("link")).to_have_text(HONOURS)
    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()
    page.keyboard.press("ArrowDown")  # opens the menu on the first item
    expect(dropdown.get_by_role("link", name="评选", exact=True)).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(dropdown.get_by_role("link", name="公示", exact=True)).to_be_focused()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(reverse("publicnotice:index")) + "$"))
    expect(bar.get_by_role("button", name="评选表彰")).to_have_class(re.compile(r"\bactive\b"))


@pytest.mark.parametrize("key", [PersonaKey.OFFICE, PersonaKey.CHAIR, PersonaKey.MEMBER])
def test_the_desktop_bar_is_one_line_at_1280_pixels(new_context, tree, people, key):
    page = new_context().new_page()
    log_in(page, tree.tenant.name, people[key])
    tops = page.eval_on_selector_all(
        "#nav > ul > li", "items => items.filter(li => li.offsetParent).map(li => li.offsetTop)"
    )
    assert len(tops) > 5 and len(set(tops)) == 1, tops


def test_the_phone_menu_lists_评选表彰_with_its_items(new_context, tree, people):
    page = new_context(phone=True).new_page()
    log_in(page, tree.tenant.name, people[PersonaKey.CHAIR])
    open_menu(page)
    nav = page.locator("#nav")
    expect(nav.get_by_role("button", name="评选表彰")).to_be_hidden()  # the desktop's dropdown
    group = nav.locator("li[data-nav-group='honours']")
    expect(group.locator("#nav-heading-honours")).to_have_text("评选表彰")
    items = page.get_by_role("list", name="评选表彰").get_by_role("link")
    expect(items).to_have_text(HONOURS)
    for label in HONOURS:
        expect(items.filter(has_text=label)).to_be_visible()  # listed, no toggle to open first
    with page.expect_navigation():
        items.filter(has_text="公示").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("publicnotice:index")) + "$"))
