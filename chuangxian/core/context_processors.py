"""Navigation for the base layout, computed once per request from the entries the apps registered
(``core.menu``).

Everyone gets the everyday items; unit officers get their unit's work; the campaign office gets its
tools grouped under one 管理 menu so the bar stays short on a desktop and in the phone drawer.
An entry is offered only when the page lets this person in: a page guarded by
``core.navigation.page_guard`` is asked with the very check its view runs (``page_allows``), so the
menu cannot lead to a 404 (the platform admin, of no school, has no organisation tree to open).
"""

from typing import Any

from django.http import HttpRequest

from chuangxian.core.menu import MenuRequest, Section, entries
from chuangxian.core.navigation import page_allows


def _item(label: str, url: str, icon: str, badge: int = 0) -> dict[str, Any]:
    return {"label": label, "url": url, "icon": icon, "badge": badge, "active": False}


def _mark_active(items: list[dict[str, Any]], current: str) -> None:
    """Highlight the one item the page belongs to: the longest URL that is a prefix of the path, so
    a member's page (/orgs/members/7/) lights 会员查询, not 组织机构 (/orgs/) as well."""
    matching = [i for i in items if i["url"] == current or (i["url"] != "/" and current.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True


def _items(section: Section, menu: MenuRequest) -> list[dict[str, Any]]:
    items = []
    for entry in entries(section):
        url = entry.url(menu)
        if url is None or not page_allows(menu.user, url):
            continue
        badge = entry.badge(menu) if entry.badge is not None else 0
        items.append(_item(str(entry.label), url, entry.icon, badge))
    return items


_KEPT = "_chuangxian_navigation"


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The menu (with the unread notices' badge), computed once per request: a view that renders a
    fragment and then its page, or a page that includes another rendering, asks again for free."""
    kept: dict[str, Any] | None = getattr(request, _KEPT, None)
    if kept is not None:
        return kept
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_office": []}
    menu = MenuRequest(user)
    items = _items("main", menu)
    office = _items("office", menu)
    _mark_active(items + office, request.path)
    kept = {
        "nav_items": items,
        "nav_office": office,
        "nav_office_active": any(i["active"] for i in office),
    }
    setattr(request, _KEPT, kept)
    return kept
