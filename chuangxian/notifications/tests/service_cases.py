"""The notifications services on the permission table (tests/service_permissions).

``notify`` and ``notification_email_send`` take no actor (the calling service or the worker has
authorised the act), so they are not listed; marking read is the recipient's own act."""

from chuangxian.notifications.services import notification_mark_read, notify
from tests.service_permissions.harness import ServiceCase


def _notice(w):
    (notice,) = notify(
        tenant_id=w.tree.tenant.pk, recipients=[w.personas.member_row], kind="test", title="动员大会通知"
    )
    return notice


CASES = [
    ServiceCase(
        service=notification_mark_read,
        allowed={"member"},  # nobody, not the system, reads a member's inbox for them
        arrange=_notice,
        act=lambda w, notice, actor: notification_mark_read(
            member=w.personas.member_row, notification_ids=[notice.pk], actor=actor
        ),
    ),
]
