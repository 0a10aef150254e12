"""Navigation for the base layout, computed once per request from the user's roles.

Everyone gets the everyday items; unit officers get their unit's work; the campaign office gets its
tools grouped under one 管理 menu so the bar stays short on a desktop and in the phone drawer.
An entry is offered only when the page lets this person in: a page guarded by
``core.navigation.page_guard`` is asked with the very check its view runs (``page_allows``), so the
menu cannot lead to a 404 (the platform admin, of no school, has no organisation tree to open).
"""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.core.navigation import page_allows


def _item(label: str, url: str, icon: str, badge: int = 0) -> dict[str, Any]:
    return {"label": label, "url": url, "icon": icon, "badge": badge, "active": False}


def _mark_active(items: list[dict[str, Any]], current: str) -> None:
    """Highlight the one item the page belongs to: the longest URL that is a prefix of the path, so
    a member's page (/orgs/members/7/) lights 会员查询, not 组织机构 (/orgs/) as well."""
    matching = [i for i in items if i["url"] == current or (i["url"] != "/" and current.startswith(i["url"]))]
    if matching:
        max(matching, key=lambda i: len(i["url"]))["active"] = True


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_office": []}
    # Imported here: core imports no domain app at module level; the nav is wiring.
    from chuangxian.notifications.selectors import notification_unread_count
    from chuangxian.orgs.permissions import (
        is_office,
        member_for,
        officer_unit_ids,
    )

    items: list[dict[str, Any]] = [_item(_("首页"), reverse("home"), "house")]
    member = member_for(user)
    unread = 0
    if member is not None:
        unread = notification_unread_count(member)
        items.append(_item(_("通知"), reverse("notifications:inbox"), "bell", badge=unread))
        items.append(_item(_("我的单位"), reverse("orgs:unit_detail", args=[member.unit_id]), "people"))
    officer_units = officer_unit_ids(user)
    if officer_units:
        items.append(
            _item(
                _("本单位任务"),
                reverse("assignments:unit_tasks", args=[officer_units[0]]),
                "list-check",
            )
        )
        items.append(_item(_("工会活动方案"), reverse("plans:index"), "journal-richtext"))
    if member is not None:
        items.append(_item(_("活动"), reverse("activities:list"), "calendar-event"))
        items.append(_item(_("我的承诺"), reverse("pledges:mine"), "hand-thumbs-up"))
        items.append(_item(_("投票"), reverse("voting:index"), "check2-square"))
    in_school = getattr(user, "tenant_id", None) is not None
    items.append(_item(_("项目"), reverse("projects:list"), "kanban"))
    items.append(_item(_("文件学习"), reverse("study:index"), "book"))
    if in_school:
        items.append(_item(_("公文"), reverse("documents:notice_list"), "file-earmark-text"))
    items.append(_item(_("组织机构"), reverse("orgs:tree"), "diagram-3"))
    items.append(_item(_("会员查询"), reverse("orgs:member_search"), "search"))
    items.append(_item(_("参与覆盖"), reverse("coverage:index"), "pie-chart"))
    office: list[dict[str, Any]] = []
    if is_office(user) and in_school:
        office = [
            _item(_("督查"), reverse("supervision:index"), "grid-3x3"),
            _item(_("阶段任务"), reverse("assignments:index"), "list-task"),
            _item(_("方案审核"), reverse("plans:office_list"), "clipboard-check"),
            _item(_("创先活动管理"), reverse("campaigns:list"), "flag"),
            _item(_("名册导入"), reverse("roster:start"), "upload"),
            _item(_("审计日志"), reverse("audit:list"), "journal-text"),
        ]
    if user.is_superuser:
        office.append(_item(_("后台管理"), reverse("admin:index"), "gear"))
    items = [i for i in items if page_allows(user, i["url"])]
    office = [i for i in office if page_allows(user, i["url"])]
    _mark_active(items + office, request.path)
    return {
        "nav_items": items,
        "nav_office": office,
        "nav_office_active": any(i["active"] for i in office),
    }
