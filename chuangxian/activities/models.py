"""Activities (一位教师一次活动): who may come, who signed up, who was there.

Attendance is the record that counts for coverage; a registration is only the intention to come.
"""

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.attachments import Attachment
from chuangxian.core.checkin.models import Attendance as BaseAttendance
from chuangxian.core.checkin.models import AttendanceMethod
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel

if TYPE_CHECKING:
    from chuangxian.orgs.models import Unit

__all__ = [
    "Activity",
    "ActivityAudience",
    "ActivityAudienceGroup",
    "ActivityKind",
    "ActivityPhoto",
    "ActivityStatus",
    "Attendance",
    "AttendanceMethod",
    "AudienceGroup",
    "Registration",
    "RegistrationStatus",
]


class ActivityKind(models.TextChoices):
    CONTEST = "contest", _("教学竞赛")
    TRAINING_ON_POST = "drill", _("岗位练兵")
    ETHICS = "ethics", _("师德建设")
    MODEL_WORKER = "model", _("学习劳模")
    CULTURE_SPORTS = "culture", _("文体活动")
    TRAINING = "training", _("培训")
    VOLUNTEER = "volunteer", _("志愿服务")
    OTHER = "other", _("其他")


class ActivityStatus(models.TextChoices):
    """A draft is seen by its organisers only; a published one opens for sign-up; a closed one is done."""

    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已结束")


class Activity(TenantModel):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属创先活动")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("主办单位")
    )
    kind = models.CharField(_("活动类型"), max_length=20, choices=ActivityKind.choices)
    title = models.CharField(_("活动名称"), max_length=200)
    description = models.TextField(_("活动内容"), blank=True)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("名额"), null=True, blank=True, help_text=_("留空表示不限人数。")
    )
    whole_tenant = models.BooleanField(_("面向全校"), default=False)
    audience_units: "models.ManyToManyField[Unit, ActivityAudience]" = models.ManyToManyField(
        "orgs.Unit",
        through="ActivityAudience",
        related_name="+",
        blank=True,
        verbose_name=_("参加单位"),
    )
    signup_opens_at = models.DateTimeField(_("报名开始"))
    signup_closes_at = models.DateTimeField(_("报名截止"))
    is_brand = models.BooleanField(_("品牌活动"), default=False)
    status = models.CharField(
        _("状态"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.DRAFT
    )
    report = models.TextField(_("活动总结"), blank=True)
    closed_at = models.DateTimeField(_("结束于"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        indexes = [
            models.Index(
                fields=["tenant", "campaign", "status", "starts_at"], name="activity_tenant_camp_st"
            ),
            models.Index(fields=["tenant", "unit", "starts_at"], name="activity_tenant_unit_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")), name="activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(signup_closes_at__gte=models.F("signup_opens_at")),
                name="activity_signup_window_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActivityAudience(TenantModel):
    """A unit invited to the activity; it covers its whole subtree."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="audience")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("参加单位")
        verbose_name_plural = _("参加单位")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "activity", "unit"], name="activity_audience_unique_tenant_activity_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.unit_id}"


class AudienceGroup(models.TextChoices):
    """A group of members, by roster attributes, that an activity may be restricted to.

    The post groups follow ``orgs.models.Post`` (one group per filled-in post category); the
    others are 青年 (under ``YOUTH_AGE`` at the activity's start), 女 and 党员 (incl. probationary).
    """

    TEACHER = "teacher", _("教师")
    ADMIN = "admin", _("管理人员")
    SUPPORT = "support", _("教辅人员")
    YOUTH = "youth", _("青年教职工（未满35周岁）")
    WOMEN = "women", _("女教职工")
    PARTY = "party", _("党员（含预备党员）")


class ActivityAudienceGroup(TenantModel):
    """A group the activity is restricted to, on top of its units (or the whole tenant)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="audience_groups")
    group = models.CharField(_("限定人群"), max_length=20, choices=AudienceGroup.choices)

    class Meta:
        verbose_name = _("限定人群")
        verbose_name_plural = _("限定人群")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "activity", "group"], name="activity_group_unique_tenant_activity_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.group}"


class RegistrationStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("已报名")
    WAITLISTED = "waitlisted", _("候补")
    CANCELLED = "cancelled", _("已取消")


class Registration(TenantModel):
    """One member's sign-up. ``position`` orders the waiting list (1 = first to be promoted); it is
    never reused, so the order is the order of sign-up."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="registrations")
    member = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("会员")
    )
    status = models.CharField(_("状态"), max_length=12, choices=RegistrationStatus.choices)
    position = models.PositiveIntegerField(_("候补序号"), null=True, blank=True)
    created_at = models.DateTimeField(_("报名时间"), default=clock.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("报名")
        verbose_name_plural = _("报名")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "activity", "member"], name="registration_unique_tenant_activity_member"
            ),
            models.UniqueConstraint(
                fields=["tenant", "activity", "position"],
                condition=models.Q(position__isnull=False),
                name="registration_unique_tenant_activity_position",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "activity", "status"], name="registration_tenant_act_st"),
            models.Index(fields=["tenant", "member"], name="registration_tenant_member"),
        ]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.member_id}"


class Attendance(BaseAttendance):
    """One member attended one activity (``core.checkin``: a second check-in is a no-op)."""

    target_field = "activity"

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="attendances")

    class Meta:
        verbose_name = _("活动出席")
        verbose_name_plural = _("活动出席")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "activity", "member"], name="activity_attendance_unique_tenant_act_member"
            )
        ]
        indexes = [models.Index(fields=["tenant", "member"], name="activity_attendance_tenant_mem")]

    def __str__(self) -> str:
        return f"{self.activity_id} · {self.member_id}"


class ActivityPhoto(Attachment):
    """A photo of the activity, added by the organiser (usually when closing it)."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("照片"), upload_to=random_upload_to("activities"))

    class Meta:
        verbose_name = _("活动照片")
        verbose_name_plural = _("活动照片")
        indexes = [models.Index(fields=["tenant", "activity"], name="activity_photo_tenant_act")]
