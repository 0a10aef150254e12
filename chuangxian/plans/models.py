"""A unit's activity plan (工会活动方案) for a campaign: versions kept for ever, reviewed by the office.

The office's decisions are ``review.Decision`` rows (the shared review cycle, ``review.cycle``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("待审核")
    RETURNED = "returned", _("已退回")
    APPROVED = "approved", _("已通过")


class UnitPlan(TenantModel):
    """One plan per unit and campaign. ``current_number`` names the version the unit works on."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="unit_plans", verbose_name=_("创先活动")
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    status = models.CharField(_("状态"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    current_number = models.PositiveSmallIntegerField(_("当前版本"), default=1)
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工会活动方案")
        verbose_name_plural = _("工会活动方案")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign", "unit"], name="plan_unique_tenant_campaign_unit"
            )
        ]
        indexes = [models.Index(fields=["tenant", "campaign", "status"], name="plan_tenant_campaign_status")]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_status_display()}"


class PlanVersion(TenantModel):
    """The plan's text at one version. Once ``submitted_at`` is set the row is never changed again."""

    plan = models.ForeignKey(UnitPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("版本号"))
    goals = models.TextField(_("目标"), blank=True)
    measures = models.TextField(_("措施"), blank=True)
    theme = models.ForeignKey(
        "campaigns.Theme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("对应主题实践活动"),
    )
    project = models.TextField(_("拟开展项目"), blank=True)
    schedule = models.TextField(_("时间安排"), blank=True)
    responsible = models.TextField(_("责任人"), blank=True)
    # Members picked from the roster, as [[id, name], ...] frozen at the time of writing.
    responsible_members = models.JSONField(_("责任人（会员）"), default=list, blank=True)
    file = models.FileField(_("方案文件"), upload_to=random_upload_to("plans"), blank=True)
    file_name = models.CharField(_("文件名"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("方案版本")
        verbose_name_plural = _("方案版本")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "plan", "number"], name="planversion_unique_tenant_plan_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan.unit} · 第{self.number}版"

    @property
    def responsible_names(self) -> list[str]:
        return [str(name) for _id, name in self.responsible_members]
