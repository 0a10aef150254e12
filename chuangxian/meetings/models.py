"""Meetings a unit holds (动员大会, 学习会, …), who attended them, and their photos and files."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.attachments import Attachment
from chuangxian.core.checkin.models import Attendance as BaseAttendance
from chuangxian.core.checkin.models import AttendanceMethod
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel

__all__ = ["Attendance", "AttendanceMethod", "Meeting", "MeetingFile", "MeetingKind", "MeetingStatus"]


class MeetingKind(models.TextChoices):
    MOBILISATION = "mobilisation", _("动员大会")
    STUDY = "study", _("学习会")
    COMMITTEE = "committee", _("工会委员会会议")
    OTHER = "other", _("其他")


class MeetingStatus(models.TextChoices):
    """A draft is seen by the unit's officers only; a scheduled or held meeting by its members too."""

    DRAFT = "draft", _("草稿")
    SCHEDULED = "scheduled", _("待召开")
    HELD = "held", _("已召开")


class Meeting(TenantModel):
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属创先活动"),
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    kind = models.CharField(_("会议类型"), max_length=20, choices=MeetingKind.choices)
    title = models.CharField(_("会议名称"), max_length=200)
    starts_at = models.DateTimeField(_("开始时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    host = models.ForeignKey(
        "orgs.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主持人"),
    )
    agenda = models.TextField(_("议程"), blank=True)
    minutes = models.TextField(_("会议纪要"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        indexes = [
            models.Index(fields=["tenant", "unit", "starts_at"], name="meeting_tenant_unit_start"),
            models.Index(fields=["tenant", "campaign", "unit"], name="meeting_tenant_campaign_unit"),
        ]

    def __str__(self) -> str:
        return self.title


class Attendance(BaseAttendance):
    """One member attended one meeting (``core.checkin``: a second check-in is a no-op)."""

    target_field = "meeting"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")

    class Meta:
        verbose_name = _("出席")
        verbose_name_plural = _("出席")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "meeting", "member"], name="attendance_unique_tenant_meeting_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.member}"


class MeetingFile(Attachment):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=random_upload_to("meetings"))

    class Meta:
        verbose_name = _("会议附件")
        verbose_name_plural = _("会议附件")
