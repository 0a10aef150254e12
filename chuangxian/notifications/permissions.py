"""A notice is its recipient's alone: ``access_notification`` raises NotFoundError for anyone else."""

from typing import Any

from chuangxian.core.errors import NotFoundError
from chuangxian.notifications.models import Notification
from chuangxian.orgs.permissions import member_for


def access_notification(user: Any, notification_id: int) -> Notification:
    member = member_for(user)
    notice = (
        Notification.objects.select_related("recipient")
        .filter(pk=notification_id, tenant_id=member.tenant_id, recipient=member)
        .first()
        if member is not None
        else None
    )
    if notice is None:
        raise NotFoundError()
    return notice
