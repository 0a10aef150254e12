"""A notice is its recipient's alone: ``access_notification`` raises NotFoundError for anyone else,
and only the recipient marks their notices read (``can_mark_read``, checked by the service itself;
nobody, not the system, reads a member's inbox for them)."""

from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.notifications.models import Notification
from chuangxian.orgs.models import Member
from chuangxian.orgs.permissions import member_for


def can_mark_read(user: Actor, member: Member) -> bool:
    own = member_for(user)
    return own is not None and own.pk == member.pk


def access_notification(user: Actor, notification_id: int) -> Notification:
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
