"""Many notices at once, each as ``notify`` would create it: for the batched services (the demo's
replay), which would otherwise call ``notify`` once per record."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from chuangxian.notifications.models import EmailStatus, Notification
from chuangxian.orgs.models import Member


@dataclass(frozen=True)
class Notice:
    """One ``notify`` call: the same notice to each of ``recipients``."""

    recipients: Sequence[Member]
    kind: str
    title: str
    key: str
    body: str = ""
    url: str = ""
    email: bool = True


def notify_many(*, tenant_id: int, notices: Sequence[Notice]) -> list[Notification]:
    """``notify(tenant_id=..., **notice)`` for every notice, in a few queries.

    Every notice has a ``key``: a recipient who already holds a notice of that key gets no second
    (read in one query for the whole batch). E-mails are queued after commit, as ``notify`` does.
    Returns the notices created now.
    """
    keys = {notice.key for notice in notices}
    already = set(
        Notification.objects.filter(tenant_id=tenant_id, key__in=keys).values_list("key", "recipient_id")
    )
    rows: list[Notification] = []
    for notice in notices:
        for member in notice.recipients:
            if (notice.key, member.pk) in already:
                continue
            already.add((notice.key, member.pk))
            rows.append(
                Notification(
                    tenant_id=tenant_id,
                    recipient=member,
                    kind=notice.kind,
                    title=notice.title[:200],
                    body=notice.body,
                    url=notice.url,
                    key=notice.key,
                    email_status=EmailStatus.PENDING if notice.email and member.email else EmailStatus.NONE,
                )
            )
    created = Notification.objects.bulk_create(rows, batch_size=500)
    pending = [n.pk for n in created if n.email_status == EmailStatus.PENDING]
    if pending:
        from chuangxian.notifications.tasks import send_notification_emails

        transaction.on_commit(lambda: send_notification_emails.enqueue(pending))
    return created
