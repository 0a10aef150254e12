"""Related main-bar entries share one dropdown (``core.menu.MenuGroup``): the registry places a group
where its order says, holds its entries in theirs, shows a group of one as that entry and hides an
empty one; the bar renders the group as a Bootstrap dropdown on a desktop and as a heading over its
items in the phone drawer; the page one is on lights its group."""

import pytest
from django.urls import reverse
from lxml import html as lxml_html

from chuangxian.core import menu as core_menu
from chuangxian.core.menu import MenuEntry, MenuGroup, arrange, register_group

HONOURS = ["评选", "先进典型", "公示"]


def _entry(key: str, order: int, group: str | None = None) -> MenuEntry:
    return MenuEntry(key, key, "star", lambda menu: f"/{key}/", order=order, group=group)


@pytest.fixture
def registry():
    """The registry as the apps left it, restored after the test."""
    entries, groups = dict(core_menu._entries), dict(core_menu._groups)
    yield
    core_menu._entries.clear()
    core_menu._entries.update(entries)
    core_menu._groups.clear()
    core_menu._groups.update(groups)


def _labels(slots):
    return [(group.key if group else None, items) for group, items in slots]


def test_grouped_entries_share_the_groups_place_in_their_own_order(registry):
    register_group(MenuGroup("g", "组", "star", order=50))
    shown = [
        _entry(k, o, g) for k, o, g in (("a", 10, None), ("y", 70, "g"), ("x", 60, "g"), ("z", 90, None))
    ]
    slots = arrange([(e, e.key) for e in shown])
    assert _labels(slots) == [(None, ["a"]), ("g", ["x", "y"]), (None, ["z"])]


def test_a_group_sits_at_its_own_order_not_its_entries(registry):
    register_group(MenuGroup("g", "组", "star", order=5))
    shown = [_entry("a", 10), _entry("x", 60, "g"), _entry("y", 70, "g")]
    assert _labels(arrange([(e, e.key) for e in shown])) == [("g", ["x", "y"]), (None, ["a"])]


def test_a_group_with_one_entry_for_this_person_shows_that_entry_in_the_groups_place(registry):
    register_group(MenuGroup("g", "组", "star", order=5))
    shown = [_entry("a", 10), _entry("y", 70, "g")]
    assert _labels(arrange([(e, e.key) for e in shown])) == [(None, ["y"]), (None, ["a"])]


def test_a_group_with_no_entry_for_this_person_is_not_shown(registry):
    register_group(MenuGroup("g", "组", "star", order=5), MenuGroup("empty", "空", "star", order=6))
    shown = [_entry("a", 10)]
    assert _labels(arrange([(e, e.key) for e in shown])) == [(None, ["a"])]


def test_an_entry_of_an_unregistered_group_stands_on_its_own(registry):
    shown = [_entry("a", 10), _entry("x", 20, "nobody")]
    assert _labels(arrange([(e, e.key) for e in shown])) == [(None, ["a"]), (None, ["x"])]


def test_only_main_bar_entries_are_grouped():
    with pytest.raises(ValueError, match="only main-bar entries are grouped"):
        MenuEntry("x", "x", "star", lambda menu: "/x/", order=1, section="office", group="honours")


def test_every_group_the_apps_name_is_registered_and_honours_holds_its_three():
    named = {e.group for e in core_menu.entries("main") if e.group is not None}
    assert named <= {g.key for g in core_menu.groups()}
    honours = [e.key for e in core_menu.entries("main") if e.group == "honours"]
    assert honours == ["selections.index", "awards.exemplars", "publicnotice.index"]
    democracy = [e.key for e in core_menu.entries("main") if e.group == "democracy"]
    assert democracy == ["congress.index", "proposals.mine", "disclosure.index", "appeals.index"]


def _bar(client, user, path="/"):
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 200
    return response, lxml_html.fromstring(response.content.decode())


def _texts(links):
    return [" ".join(a.text_content().split()) for a in links]


@pytest.mark.parametrize("who", ["office", "chair", "member"])
def test_the_bar_holds_评选表彰_as_a_dropdown_and_the_phone_lists_its_items(client, tree, personas, who):
    response, doc = _bar(client, getattr(personas, who))
    top = [str(i["label"]) for i in response.context["nav_bar"]]
    assert "评选表彰" in top and not set(HONOURS) & set(top)
    assert [str(i["label"]) for i in response.context["nav_items"] if i["label"] in HONOURS] == HONOURS
    urls = [reverse("selections:index"), reverse("awards:exemplars"), reverse("publicnotice:index")]

    (toggle,) = doc.xpath('//button[@id="nav-group-honours"]')
    assert toggle.get("data-bs-toggle") == "dropdown" and toggle.get("aria-expanded") == "false"
    assert toggle.get("type") == "button" and "评选表彰" in toggle.text_content()
    assert "d-none" in toggle.getparent().get("class") and "d-xl-block" in toggle.getparent().get("class")
    (dropdown,) = doc.xpath('//ul[@aria-labelledby="nav-group-honours"]')
    assert "dropdown-menu" in dropdown.get("class")
    assert [a.get("href") for a in dropdown.xpath(".//a")] == urls
    assert _texts(dropdown.xpath(".//a")) == HONOURS

    (phone,) = doc.xpath('//li[@data-nav-group="honours"]')
    assert "d-xl-none" in phone.get("class")
    (heading,) = phone.xpath('.//*[@id="nav-heading-honours"]')
    assert "评选表彰" in heading.text_content()
    (items,) = phone.xpath('.//ul[@aria-labelledby="nav-heading-honours"]')
    assert [a.get("href") for a in items.xpath(".//a")] == urls
    assert not phone.xpath(".//*[@data-bs-toggle]")  # listed, not folded


def test_the_page_one_is_on_lights_its_group_and_its_entry(client, tree, personas):
    response, doc = _bar(client, personas.member, reverse("publicnotice:index"))
    (group,) = [i for i in response.context["nav_bar"] if i["group"] and i["key"] == "honours"]
    assert group["active"] and [str(i["label"]) for i in group["entries"] if i["active"]] == ["公示"]
    assert "active" in doc.xpath('//button[@id="nav-group-honours"]')[0].get("class").split()
    current = doc.xpath('//nav//a[@aria-current="page"]')
    assert [a.get("href") for a in current] == [reverse("publicnotice:index")] * 2  # dropdown and phone
    response, doc = _bar(client, personas.member, reverse("home"))
    assert "active" not in doc.xpath('//button[@id="nav-group-honours"]')[0].get("class").split()


def test_a_group_of_one_entry_renders_as_that_plain_entry(client, tree, personas, registry):
    for key in ("awards.exemplars", "publicnotice.index"):
        core_menu._entries[key] = MenuEntry(key, key, "star", lambda menu: None, order=76, group="honours")
    response, doc = _bar(client, personas.member)
    assert not doc.xpath('//*[@id="nav-group-honours"]')
    assert not [i for i in response.context["nav_bar"] if i["group"] and i["key"] == "honours"]
    assert doc.xpath(f'//ul[contains(@class, "me-auto")]/li/a[@href="{reverse("selections:index")}"]')


def test_a_group_nobody_sees_is_not_rendered(client, tree, personas):
    _response, doc = _bar(client, personas.admin)  # of no school: no member pages
    assert not doc.xpath('//*[@id="nav-group-honours"]') and not doc.xpath("//*[@data-nav-group]")


@pytest.mark.django_db
def test_grouping_adds_no_query_to_the_menu(rf, personas, django_assert_max_num_queries, registry):
    """The bar is arranged from what the entries already computed: the office's menu costs the same
    with the group as with its entries standing alone."""
    from chuangxian.core.context_processors import navigation

    def count() -> int:
        request = rf.get("/")
        request.user = type(personas.office).objects.get(pk=personas.office.pk)  # nothing cached on it
        with django_assert_max_num_queries(10) as queries:
            navigation(request)
        return len(queries)

    grouped = count()
    core_menu._groups.clear()
    assert count() == grouped
