"""The menu is a registry the apps fill: core names no feature app, and a new app's entry appears
for the people it is for, where its order puts it, without touching a core file."""

import ast
from pathlib import Path

import pytest
from django.urls import reverse

from chuangxian.core import menu as core_menu
from chuangxian.core.menu import MenuEntry, register

CORE = Path(__file__).resolve().parents[1]


def test_the_context_processor_imports_no_feature_app():
    tree = ast.parse((CORE / "context_processors.py").read_text())
    imported = {
        node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module is not None
    }
    assert {
        m for m in imported if m.startswith("chuangxian.") and not m.startswith("chuangxian.core.")
    } == set()


def test_every_entry_the_apps_registered_has_a_unique_key_and_a_section():
    main = [e.key for e in core_menu.entries("main")]
    office = [e.key for e in core_menu.entries("office")]
    assert main[0] == "core.home"
    assert {"orgs.tree", "pledges.mine", "voting.index", "coverage.index"} <= set(main)
    assert {"supervision.index", "roster.start", "audit.list", "core.admin"} <= set(office)
    assert not set(main) & set(office)


@pytest.fixture
def extra_entry():
    saved = dict(core_menu._entries)
    register(
        MenuEntry(
            "test.extra",
            "新的功能",
            "star",
            lambda menu: reverse("projects:list") + "?extra=1" if menu.user.tenant_id is not None else None,
            order=15,
        )
    )
    yield
    core_menu._entries.clear()
    core_menu._entries.update(saved)


def test_a_registered_entry_appears_in_its_place_for_the_people_it_is_for(
    client, tree, personas, extra_entry
):
    client.force_login(personas.member)
    labels = [str(i["label"]) for i in client.get(reverse("home")).context["nav_items"]]
    assert labels[:3] == ["首页", "通知", "新的功能"]
    client.force_login(personas.admin)  # of no school: the entry's url() hides it
    labels = [str(i["label"]) for i in client.get(reverse("home")).context["nav_items"]]
    assert "新的功能" not in labels


@pytest.mark.django_db
def test_the_menu_and_its_unread_badge_are_computed_once_per_request(
    rf, personas, django_assert_num_queries, django_assert_max_num_queries
):
    from chuangxian.core.context_processors import navigation
    from chuangxian.notifications.services import notify

    notify(
        tenant_id=personas.member_row.tenant_id,
        recipients=[personas.member_row],
        kind="test",
        title="一条通知",
        email=False,
    )
    request = rf.get("/notifications/")
    request.user = personas.member
    with django_assert_max_num_queries(10):
        first = navigation(request)
    inbox = next(i for i in first["nav_items"] if i["url"] == reverse("notifications:inbox"))
    assert inbox["badge"] == 1 and inbox["active"]
    with django_assert_num_queries(0):  # a second rendering in the same request (a fragment, an include)
        assert navigation(request) == first
    again = rf.get("/notifications/")  # the next request asks afresh
    again.user = personas.member
    with django_assert_max_num_queries(10) as queries:
        navigation(again)
    assert len(queries) > 0
