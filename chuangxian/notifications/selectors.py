from django.db.models import QuerySet

from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import Member


def notification_list_for_member(member: Member) -> QuerySet[Notification]:
    return Notification.objects.filter(tenant_id=member.tenant_id, recipient=member).order_by(
        "-created_at", "-id"
    )


def notification_unread_count(member: Member) -> int:
    return Notification.objects.filter(
        tenant_id=member.tenant_id, recipient=member, read_at__isnull=True
    ).count()
