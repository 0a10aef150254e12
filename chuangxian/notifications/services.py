"""The one way to tell members something: an in-app notice, and an e-mail where configured.

``notify`` and ``notification_email_send`` take no actor: they are called by services that have
already authorised theirs (a reminder, a plan returned...) and by the worker. Marking read is the
recipient's own act and is checked here.
"""

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.notifications.models import EmailStatus, Notification
from chuangxian.notifications.permissions import can_mark_read
from chuangxian.orgs.models import Member


def notify(
    *,
    tenant_id: int,
    recipients: Iterable[Member],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str = "",
    email: bool = True,
) -> list[Notification]:
    """Create one notice per recipient; with ``key``, a recipient who already has it gets no second.

    E-mails are queued after commit for recipients with an address, and sent by the worker exactly
    once per notice. Returns the notices created now.
    """
    if isinstance(recipients, QuerySet):
        recipients = recipients.filter(tenant_id=tenant_id)
    recipients = list(recipients)
    if key:
        already = set(
            Notification.objects.filter(tenant_id=tenant_id, key=key, recipient__in=recipients).values_list(
                "recipient_id", flat=True
            )
        )
        recipients = [m for m in recipients if m.pk not in already]
    rows = [
        Notification(
            tenant_id=tenant_id,
            recipient=member,
            kind=kind,
            title=title[:200],
            body=body,
            url=url,
            key=key,
            email_status=EmailStatus.PENDING if email and member.email else EmailStatus.NONE,
        )
        for member in recipients
    ]
    created = Notification.objects.bulk_create(rows, ignore_conflicts=bool(key))
    if key:  # ignore_conflicts leaves no ids: read the rows back
        created = list(Notification.objects.filter(tenant_id=tenant_id, key=key, recipient__in=recipients))
    pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if pending:
        from chuangxian.notifications.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(pending))
    return created


def notification_email_send(*, notification_id: int) -> bool:
    """Send one notice's e-mail if nobody has yet. The status flip is the lock: only the caller that
    moves it from PENDING to SENDING sends, so a retried or duplicated job never mails twice."""
    # The worker is handed an id: the notice may be any tenant's.
    notices = Notification.objects.all_tenants()
    claimed = notices.filter(pk=notification_id, email_status=EmailStatus.PENDING).update(
        email_status=EmailStatus.SENDING
    )
    if not claimed:
        return False
    notification = notices.select_related("recipient").get(pk=notification_id)
    try:
        send_mail(
            subject=notification.title,
            message=f"{notification.body}\n\n{notification.url}".strip(),
            from_email=settings.DEFAULT_FROM_EMAIL,
            recipient_list=[notification.recipient.email],
        )
    except Exception:
        notices.filter(pk=notification_id).update(email_status=EmailStatus.FAILED)
        raise
    notices.filter(pk=notification_id).update(email_status=EmailStatus.SENT, emailed_at=clock.now())
    return True


def notification_mark_read(
    *, member: Member, actor: Actor, notification_ids: Iterable[int] | None = None
) -> int:
    """Mark the member's notices read (all unread ones when no ids are given).

    Refused 'not_own' unless ``actor`` is the member: nobody marks another's notices read.
    """
    if not can_mark_read(actor, member):
        raise Refused(_("只能把自己收到的通知标为已读。"), code="not_own")
    notices = Notification.objects.filter(tenant_id=member.tenant_id, recipient=member, read_at__isnull=True)
    if notification_ids is not None:
        notices = notices.filter(pk__in=list(notification_ids))
    return notices.update(read_at=clock.now())
