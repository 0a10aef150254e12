from django.db.models import QuerySet

from chuangxian.core.filters import NO_FILTER, ListFilter, date_range_q, text_q
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import Member

READ_FILTERS = {"unread": True, "read": False}  # the inbox's 状态 filter: value -> read_at__isnull


def notification_list_for_member(
    member: Member, *, filters: ListFilter = NO_FILTER
) -> QuerySet[Notification]:
    """The member's notices, newest first, narrowed by ``filters``: text in the title or body,
    ``status`` ("unread" or "read"), the day it was sent on. One query."""
    notices = Notification.objects.filter(
        text_q(filters.q, ("title", "body")),
        date_range_q("created_at", filters.start, filters.end, moments=True),
        tenant_id=member.tenant_id,
        recipient=member,
    )
    if filters.get("status") in READ_FILTERS:
        notices = notices.filter(read_at__isnull=READ_FILTERS[filters.get("status")])
    return notices.order_by("-created_at", "-id")


def notification_unread_count(member: Member) -> int:
    return Notification.objects.filter(
        tenant_id=member.tenant_id, recipient=member, read_at__isnull=True
    ).count()
