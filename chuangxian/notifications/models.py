"""In-app notices to members, with an optional e-mail sent once by the background worker."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.models import TenantModel


class EmailStatus(models.TextChoices):
    NONE = "none", _("不发送")
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Notification(TenantModel):
    recipient = models.ForeignKey("orgs.Member", on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("类别"), max_length=60)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(_("链接"), max_length=300, blank=True)
    # Idempotency: the same key for the same recipient is stored once (e.g. "reminder:42").
    key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.NONE)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("通知")
        verbose_name_plural = _("通知")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "recipient", "key"], condition=~Q(key=""), name="notification_unique_key"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "recipient", "read_at"], name="notification_inbox"),
            models.Index(fields=["tenant", "email_status"], name="notification_email_status"),
        ]

    def __str__(self) -> str:
        return self.title
