"""A campaign (创先活动) with its themes (主题实践活动) and its ordered, contiguous phases (阶段)."""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel


class PhaseAction(models.TextChoices):
    """What a phase allows. Later issues check these with ``phase_require_open``."""

    MEETING = "meeting", _("召开会议")
    STUDY = "study", _("学习文件")
    UNIT_PLAN = "unit_plan", _("制定方案")
    PROJECT = "project", _("项目申报与推进")
    PLEDGE = "pledge", _("公开承诺")
    ACTIVITY = "activity", _("开展活动")
    NOMINATION = "nomination", _("推荐评选")
    BRAND = "brand", _("品牌活动")
    EXEMPLAR = "exemplar", _("树立典型")
    SUMMARY = "summary", _("总结")
    OUTCOME = "outcome", _("理论成果")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    ACTIVE = "active", _("进行中")
    CLOSED = "closed", _("已结束")


class Campaign(TenantModel):
    title = models.CharField(_("创先活动名称"), max_length=200)
    short_title = models.CharField(_("简称"), max_length=40, blank=True)
    doc_number = models.CharField(_("文号"), max_length=60, blank=True)
    theme = models.CharField(_("创先活动主题"), max_length=200, blank=True)
    goals = models.TextField(_("主要内容与目标"), blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=CampaignStatus.choices, default=CampaignStatus.DRAFT
    )
    founding_text = models.TextField(_("实施方案全文"), blank=True)
    founding_file = models.FileField(
        _("实施方案文件"), upload_to=random_upload_to("campaigns/founding"), blank=True
    )
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("模板")
    )
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)

    class Meta:
        verbose_name = _("创先活动")
        verbose_name_plural = _("创先活动")
        indexes = [models.Index(fields=["tenant", "status"], name="campaign_tenant_status")]

    def __str__(self) -> str:
        return self.short_title or self.title


class Theme(TenantModel):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="themes")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("主题实践活动"), max_length=100)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("主题实践活动")
        verbose_name_plural = _("主题实践活动")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign", "name"], name="theme_unique_tenant_campaign_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class PhaseStatus(models.TextChoices):
    UPCOMING = "upcoming", _("未开始")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Phase(TenantModel):
    """A date window of a campaign. Phases are ordered and contiguous; status follows from today."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="phases")
    order = models.PositiveSmallIntegerField(_("序号"))
    name = models.CharField(_("阶段名称"), max_length=100)
    summary = models.TextField(_("阶段要求"), blank=True)
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    # The dates of the document the template comes from (the seed's 2010–2012), kept for reference.
    ref_starts_on = models.DateField(_("原定开始"), null=True, blank=True)
    ref_ends_on = models.DateField(_("原定结束"), null=True, blank=True)
    actions = models.JSONField(_("允许的事项"), default=list, blank=True)

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign", "order"], name="phase_unique_tenant_campaign_order"
            ),
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="phase_starts_before_ends"),
        ]

    def __str__(self) -> str:
        return self.name

    def status_on(self, day: date) -> str:
        if day < self.starts_on:
            return PhaseStatus.UPCOMING
        if day > self.ends_on:
            return PhaseStatus.CLOSED
        return PhaseStatus.OPEN

    def days_left_on(self, day: date) -> int:
        """Days remaining including today; 0 once the phase has ended."""
        return max((self.ends_on - day).days + 1, 0)

    def action_labels(self) -> list[str]:
        labels = dict(PhaseAction.choices)
        return [str(labels.get(code, code)) for code in self.actions]


class PhaseWindowReopen(TenantModel):
    """The office reopened a closed phase for one unit (and its subtree) until a date, for a reason."""

    phase = models.ForeignKey(Phase, on_delete=models.CASCADE, related_name="reopenings")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    until = models.DateField(_("补交截止"))
    reason = models.TextField(_("理由"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("补交窗口")
        verbose_name_plural = _("补交窗口")
        indexes = [models.Index(fields=["tenant", "phase", "unit"], name="reopen_tenant_phase_unit")]

    def __str__(self) -> str:
        return f"{self.phase} · {self.unit} · {self.until}"
