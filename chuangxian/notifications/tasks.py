from django_tasks import task

from chuangxian.notifications.services import notification_email_send


@task()
def send_notification_emails(notification_ids: list[int]) -> int:
    """Send the e-mails of these notices; safe to retry (each is sent at most once)."""
    return sum(notification_email_send(notification_id=pk) for pk in notification_ids)
