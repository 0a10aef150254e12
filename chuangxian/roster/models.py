"""A roster import (名册导入): the uploaded file, its preview rows, and what was applied.

Nothing here touches ``orgs.Member``: the preview rows are a plan; ``orgs.services.roster_apply``
writes the roster when the officer confirms.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel
from chuangxian.orgs.models import Member, MemberStatus


class ImportFormat(models.TextChoices):
    XLSX = "xlsx", "Excel (.xlsx)"
    XLS = "xls", _("Excel 97-2003 / WPS (.xls)")
    CSV = "csv", "CSV"


class ImportMode(models.TextChoices):
    PARTIAL = "partial", _("部分更新")
    FULL = "full", _("全量导入")


class DepartureStatus(models.TextChoices):
    LEFT = MemberStatus.LEFT.value, _("离职")
    RETIRED = MemberStatus.RETIRED.value, _("退休")


class ImportStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    PLANNING = "planning", _("正在检查")
    READY = "ready", _("待确认")
    CONFIRMING = "confirming", _("正在导入")
    DONE = "done", _("已导入")
    FAILED = "failed", _("无法读取")
    DISCARDED = "discarded", _("已放弃")


class RowOutcome(models.TextChoices):
    NEW = "new", _("新增")
    UPDATED = "updated", _("更新")
    UNCHANGED = "unchanged", _("无变化")
    ERROR = "error", _("错误")
    DEPARTURE = "departure", _("标记离校")


def roster_upload_to(instance: Any, filename: str) -> str:
    """Named by migration 0001 only: the field now uses ``core.files.random_upload_to``."""
    return random_upload_to("roster")(instance, filename)


class RosterImport(TenantModel):
    """One uploaded roster file and the state of its import."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("上传人"),
    )
    file = models.FileField(_("文件"), upload_to=random_upload_to("roster"), max_length=200)
    original_name = models.CharField(_("原文件名"), max_length=255)
    file_format = models.CharField(_("文件格式"), max_length=8, choices=ImportFormat.choices)
    encoding = models.CharField(_("文本编码"), max_length=20, blank=True)
    mode = models.CharField(_("导入方式"), max_length=10, choices=ImportMode.choices)
    departure_status = models.CharField(
        _("未列入名册的会员标记为"),
        max_length=10,
        choices=DepartureStatus.choices,
        default=DepartureStatus.LEFT,
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    background = models.BooleanField(_("后台处理"), default=False)
    sheet_name = models.CharField(_("工作表"), max_length=100, blank=True)
    header_rows = models.CharField(_("表头所在行"), max_length=20, blank=True)
    columns = models.JSONField(_("识别到的列"), default=dict, blank=True)
    ignored_columns = models.JSONField(_("忽略的列"), default=list, blank=True)
    total_rows = models.PositiveIntegerField(_("数据行数"), default=0)
    processed_rows = models.PositiveIntegerField(_("已检查行数"), default=0)
    new_count = models.PositiveIntegerField(_("新增"), default=0)
    updated_count = models.PositiveIntegerField(_("更新"), default=0)
    unchanged_count = models.PositiveIntegerField(_("无变化"), default=0)
    error_count = models.PositiveIntegerField(_("错误"), default=0)
    departure_count = models.PositiveIntegerField(_("标记离校"), default=0)
    error_message = models.TextField(_("错误信息"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("名册导入")
        verbose_name_plural = _("名册导入")
        indexes = [models.Index(fields=["tenant", "-created_at"], name="roster_import_tenant_created")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_running(self) -> bool:
        return self.status in (ImportStatus.QUEUED, ImportStatus.PLANNING, ImportStatus.CONFIRMING)

    @property
    def status_label(self) -> str:
        """The status as the office reads it: a checked import with errors cannot be confirmed."""
        if self.status == ImportStatus.READY and self.error_count:
            return str(_("有错误"))
        return str(self.get_status_display())

    @property
    def status_css(self) -> str:
        if self.status == ImportStatus.DONE:
            return "success"
        if self.status == ImportStatus.FAILED or (self.status == ImportStatus.READY and self.error_count):
            return "danger"
        return "warning" if self.status == ImportStatus.READY else "secondary"

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.CONFIRMING:
            return 100
        if not self.total_rows:
            return 0
        return min(100, round(100 * self.processed_rows / self.total_rows))


class RosterImportRow(TenantModel):
    """One row of the file (or one member missing from a full import) and what the import does with it.

    ``data`` holds the row's normalised values (only the columns the file has), ``changes`` the
    ``[field, before, after]`` triples shown in the preview, ``errors`` what the officer must fix.
    """

    # Indexed by (tenant, roster_import, ...) below; a bare roster_import index would only slow inserts.
    roster_import = models.ForeignKey(
        RosterImport, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    seq = models.PositiveIntegerField(_("序号"))
    row_number = models.PositiveIntegerField(_("行号"), null=True, blank=True)
    staff_no = models.CharField(_("工号"), max_length=64, blank=True)
    name = models.CharField(_("姓名"), max_length=120, blank=True)
    outcome = models.CharField(_("结果"), max_length=10, choices=RowOutcome.choices)
    member = models.ForeignKey(Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    data = models.JSONField(default=dict, blank=True)
    changes = models.JSONField(default=list, blank=True)
    errors = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("名册导入行")
        verbose_name_plural = _("名册导入行")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "roster_import", "seq"], name="roster_row_unique_tenant_import_seq"
            )
        ]
        indexes = [
            models.Index(
                fields=["tenant", "roster_import", "outcome", "seq"], name="roster_row_tenant_outcome"
            )
        ]

    def __str__(self) -> str:
        return f"{self.row_number or '-'} {self.staff_no} {self.get_outcome_display()}"
