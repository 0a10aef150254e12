"""Navigation for the base layout, computed once per request from the entries the apps registered
(``core.menu``).

Everyone gets the everyday items; unit officers get their unit's work; the campaign office gets its
tools grouped under one 管理 menu so the bar stays short on a desktop and in the phone drawer.
Related everyday items share a group of the main bar (``core.menu.MenuGroup``, ``arrange``): a
dropdown on a desktop, a heading over its items in the phone drawer.
An entry is offered only when the page lets this person in: a page guarded by
``core.navigation.page_guard`` is asked with the very check its view runs (``page_allows``), so the
menu cannot lead to a 404 (the platform admin, of no school, has no organisation tree to open).
"""

from typing import Any

from django.http import HttpRequest

from chuangxian.core.menu import MenuEntry, MenuRequest, Section, arrange, entries
from chuangxian.core.navigation import page_allows


def _item(label: str, url: str, icon: str, badge: int = 0) -> dict[str, Any]:
    return {"label": label, "url": url, "icon": icon, "badge": badge, "active": False, "group": False}


def _mark_active(items: list[dict[str, Any]], current: str) -> None:
    """Highlight the one item the page belongs to: the longest URL that is a prefix of the path, so
    a member's page (/orgs/members/7/) lights 会员查询, not 组织机构 (/orgs/) as well."""
    matching = [i for i in items if i["url"] == current or (i["url"] != "/" and current.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True


def _shown(section: Section, menu: MenuRequest) -> list[tuple[MenuEntry, dict[str, Any]]]:
    shown = []
    for entry in entries(section):
        url = entry.url(menu)
        if url is None or not page_allows(menu.user, url):
            continue
        badge = entry.badge(menu) if entry.badge is not None else 0
        shown.append((entry, _item(str(entry.label), url, entry.icon, badge)))
    return shown


def _bar(shown: list[tuple[MenuEntry, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The main bar as the template draws it: the items, some gathered into a group (``group`` is
    True: its ``entries``, its badge the sum of theirs, active when one of them is). Called after the
    items were marked active; a group's items are the same dicts as in ``nav_items``."""
    bar = []
    for group, items in arrange(shown):
        if group is None:
            bar.extend(items)
            continue
        bar.append(
            {
                "group": True,
                "key": group.key,
                "label": str(group.label),
                "icon": group.icon,
                "entries": items,
                "badge": sum(i["badge"] for i in items),
                "active": any(i["active"] for i in items),
            }
        )
    return bar


_KEPT = "_chuangxian_navigation"


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu (with the unread notices' badge), computed once per request: a view that renders a
    fragment and then its page, or a page that includes another rendering, asks again for free."""
    kept: dict[str, Any] | None = getattr(request, _KEPT, None)
    if kept is not None:
        return kept
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_bar": [], "nav_office": []}
    menu = MenuRequest(user)
    shown = _shown("main", menu)
    items = [item for _, item in shown]
    office = [item for _, item in _shown("office", menu)]
    _mark_active(items + office, request.path)
    kept = {
        "nav_items": items,  # every main-bar item, groups or not, in order
        "nav_bar": _bar(shown),
        "nav_office": office,
        "nav_office_active": any(i["active"] for i in office),
    }
    setattr(request, _KEPT, kept)
    return kept
