"""A background export (``ExportJob``): who asked for which export, how far it is, and its file."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("正在导出")
    DONE = "done", _("已完成")
    FAILED = "failed", _("导出失败")
    EXPIRED = "expired", _("已过期")


class ExportJob(TenantModel):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("导出人"),
    )
    exporter = models.CharField(_("导出项"), max_length=80)
    fmt = models.CharField(_("格式"), max_length=8)
    params = models.JSONField(_("参数"), default=dict, blank=True)
    title = models.CharField(_("标题"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=JobStatus.choices, default=JobStatus.QUEUED)
    rows_done = models.PositiveIntegerField(_("已导出行数"), default=0)
    total = models.PositiveIntegerField(_("总行数"), null=True, blank=True)
    file = models.FileField(_("文件"), upload_to=random_upload_to("exports"), blank=True)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    error = models.TextField(_("失败原因"), blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("文件保留至"), null=True, blank=True)

    class Meta:
        verbose_name = _("后台导出")
        verbose_name_plural = _("后台导出")
        indexes = [
            models.Index(fields=["tenant", "actor", "-created_at"], name="exports_job_actor"),
            models.Index(fields=["tenant", "status", "expires_at"], name="exports_job_expiry"),
        ]

    def __str__(self) -> str:
        return self.title or self.exporter

    @property
    def percent(self) -> int:
        if not self.total:
            return 0 if self.status != JobStatus.DONE else 100
        return min(100, self.rows_done * 100 // self.total)

    @property
    def is_running(self) -> bool:
        return self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
