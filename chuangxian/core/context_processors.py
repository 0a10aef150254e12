"""Navigation for the base layout, computed once per request from the user's roles."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    # Imported here: core imports no domain app at module level; the nav is wiring.
    from chuangxian.core.roles import Capability, Role
    from chuangxian.notifications.selectors import notification_unread_count
    from chuangxian.orgs.permissions import is_office, member_for, role_assignments_for, scope_for

    items = [(_("首页"), reverse("home"), "house")]
    member = member_for(user)
    unread = 0
    if member is not None:
        unread = notification_unread_count(member)
        items.append((_("我的单位"), reverse("orgs:unit_detail", args=[member.unit_id]), "people"))
        items.append((_("通知"), reverse("notifications:inbox"), "bell"))
    officer_units = [u for r, u, _p in role_assignments_for(user) if r in (Role.CHAIR, Role.LIAISON)]
    if officer_units:
        items.append(
            (_("本单位任务"), reverse("assignments:unit_tasks", args=[officer_units[0]]), "list-check")
        )
    if not scope_for(user, Capability.VIEW).is_empty():
        items.append((_("组织机构"), reverse("orgs:tree"), "diagram-3"))
        items.append((_("会员查询"), reverse("orgs:member_search"), "search"))
    if is_office(user):
        items.append((_("名册导入"), reverse("roster:start"), "upload"))
        items.append((_("活动管理"), reverse("campaigns:list"), "flag"))
        items.append((_("督查"), reverse("supervision:index"), "grid-3x3"))
        items.append((_("审计日志"), reverse("audit:list"), "journal-text"))
    if user.is_superuser:
        items.append((_("后台管理"), reverse("admin:index"), "gear"))
    current = request.path
    nav = [
        {
            "label": label,
            "url": url,
            "icon": icon,
            "active": url == current or (url != "/" and current.startswith(url)),
        }
        for label, url, icon in items
    ]
    return {"nav_items": nav, "unread_notifications": unread}
