"""Reminders the office sends about unit tasks (督办提醒): one row per click, delivered once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel


class Reminder(TenantModel):
    unit_task = models.ForeignKey(
        "assignments.UnitTask", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("单位任务")
    )
    recipient = models.ForeignKey(
        "orgs.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("提醒对象")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("提醒人"),
    )
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("督办提醒")
        verbose_name_plural = _("督办提醒")
        indexes = [
            models.Index(fields=["tenant", "unit_task", "created_at"], name="reminder_tenant_task_time")
        ]

    def __str__(self) -> str:
        return f"{self.unit_task} · {self.created_at:%Y-%m-%d %H:%M}"
