from django.core import mail
from django.urls import reverse

from chuangxian.notifications.models import EmailStatus, Notification
from chuangxian.notifications.services import notification_email_send, notify
from chuangxian.orgs.tests.factories import MemberFactory


def test_notify_creates_inbox_items_and_mails_once(tree, django_capture_on_commit_callbacks):
    with_mail = MemberFactory(unit=tree.college, email="a@example.edu.cn")
    without = MemberFactory(unit=tree.college)
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            tenant_id=tree.tenant.pk,
            recipients=[with_mail, without],
            kind="test",
            title="请提交方案",
            key="r:1",
        )
    assert Notification.objects.count() == 2
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a@example.edu.cn"]
    notice = Notification.objects.get(recipient=with_mail)
    assert notice.email_status == EmailStatus.SENT
    assert notification_email_send(notification_id=notice.pk) is False  # a retried job mails nobody twice
    assert len(mail.outbox) == 1


def test_same_key_is_delivered_once(tree, django_capture_on_commit_callbacks):
    member = MemberFactory(unit=tree.college, email="a@example.edu.cn")
    with django_capture_on_commit_callbacks(execute=True):
        notify(tenant_id=tree.tenant.pk, recipients=[member], kind="test", title="提醒", key="reminder:7")
        notify(tenant_id=tree.tenant.pk, recipients=[member], kind="test", title="提醒", key="reminder:7")
    assert Notification.objects.filter(recipient=member).count() == 1
    assert len(mail.outbox) == 1


def test_inbox_shows_own_notices_and_marks_read(client, tree, personas):
    notify(tenant_id=tree.tenant.pk, recipients=[personas.member_row], kind="test", title="给会员的通知")
    notify(tenant_id=tree.tenant.pk, recipients=[personas.chair_row], kind="test", title="给主席的通知")
    client.force_login(personas.member)
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "给会员的通知" in page and "给主席的通知" not in page
    client.post(reverse("notifications:mark_all_read"))
    assert not Notification.objects.filter(recipient=personas.member_row, read_at__isnull=True).exists()


def test_opening_a_notice_marks_it_read_and_follows_its_link(client, tree, personas):
    (notice,) = notify(
        tenant_id=tree.tenant.pk, recipients=[personas.member_row], kind="test", title="去看看", url="/orgs/"
    )
    (other,) = notify(tenant_id=tree.tenant.pk, recipients=[personas.member_row], kind="test", title="第二条")
    client.force_login(personas.member)
    assert client.get(reverse("home")).context["nav_items"][1]["badge"] == 2
    response = client.get(reverse("notifications:open", args=[notice.pk]))
    assert response.url == "/orgs/"
    notice.refresh_from_db()
    other.refresh_from_db()
    assert notice.read_at is not None and other.read_at is None
    assert client.get(reverse("notifications:open", args=[other.pk])).url == reverse("notifications:inbox")


def test_a_notice_opens_only_for_its_recipient(client, tree, personas):
    (notice,) = notify(tenant_id=tree.tenant.pk, recipients=[personas.chair_row], kind="test", title="给主席")
    client.force_login(personas.member)
    assert client.get(reverse("notifications:open", args=[notice.pk])).status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


def test_a_notice_never_redirects_off_site(client, tree, personas):
    (notice,) = notify(
        tenant_id=tree.tenant.pk,
        recipients=[personas.member_row],
        kind="test",
        title="x",
        url="https://evil.example/",
    )
    client.force_login(personas.member)
    assert client.get(reverse("notifications:open", args=[notice.pk])).url == reverse("notifications:inbox")


def test_a_notice_is_dated_by_the_service_clock(tree):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from chuangxian.core import clock

    moment = datetime(2011, 3, 1, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    member = MemberFactory(unit=tree.college)
    with clock.as_of(moment):
        (notice,) = notify(
            tenant_id=tree.tenant.pk, recipients=[member], kind="test", title="历史通知", email=False
        )
    notice.refresh_from_db()
    assert notice.created_at == moment
