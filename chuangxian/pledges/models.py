"""A member's public pledge (一个岗位一个承诺): one per member and campaign, with progress and a report."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel


class PledgeType(models.TextChoices):
    POST = "post", _("岗位承诺")
    COMMON = "common", _("共性承诺")
    PRACTICAL = "practical", _("实事承诺")


class PledgeStatus(models.TextChoices):
    """The lifecycle 提诺 → 审诺 → 示诺 → 践诺 → 述诺 → 评诺, plus 退回 from review."""

    DRAFT = "draft", _("提诺（草稿）")
    IN_REVIEW = "in_review", _("审诺（待审核）")
    RETURNED = "returned", _("已退回")
    PUBLISHED = "published", _("示诺（已公示）")
    FULFILLING = "fulfilling", _("践诺（履行中）")
    REPORTED = "reported", _("述诺（已述诺）")
    RATED = "rated", _("评诺（已评定）")


# Statuses in which a pledge is on the unit's public wall.
PUBLIC_STATUSES = (
    PledgeStatus.PUBLISHED,
    PledgeStatus.FULFILLING,
    PledgeStatus.REPORTED,
    PledgeStatus.RATED,
)


class Pledge(TenantModel):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("创先活动")
    )
    member = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="pledges", verbose_name=_("会员")
    )
    # The member's unit when the pledge was written: the wall and review stay with it after a transfer.
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    type = models.CharField(_("承诺类型"), max_length=20, choices=PledgeType.choices, default=PledgeType.POST)
    content = models.TextField(_("承诺内容"))
    due_on = models.DateField(_("完成时限"))
    check_standard = models.TextField(_("检验标准"))
    status = models.CharField(
        _("状态"), max_length=20, choices=PledgeStatus.choices, default=PledgeStatus.DRAFT
    )
    flagged_strict = models.BooleanField(
        _("从严审核"), default=False, help_text=_("工会干部或领导的承诺，审核时从严把关。")
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公示时间"), null=True, blank=True)
    final_grade = models.CharField(_("评诺等级"), max_length=20, blank=True)
    final_score = models.DecimalField(_("评诺得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("承诺")
        verbose_name_plural = _("承诺")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign", "member"], name="pledge_unique_tenant_campaign_member"
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "campaign", "unit", "status"], name="pledge_tenant_unit_status"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id}: {self.content[:20]}"


class PledgeProgress(TenantModel):
    """A dated entry of 践诺."""

    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="progress", verbose_name=_("承诺")
    )
    on = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("践诺记录")
        verbose_name_plural = _("践诺记录")
        indexes = [models.Index(fields=["tenant", "pledge", "on"], name="pledgeprogress_tenant_pledge")]

    def __str__(self) -> str:
        return f"{self.on}: {self.text[:20]}"


class PledgeReport(TenantModel):
    """The member's own account at the end (述诺); one per pledge."""

    # A ForeignKey with a (tenant, pledge) unique constraint rather than a OneToOneField, whose own
    # uniqueness would not include the tenant.
    pledge = models.ForeignKey(
        Pledge, on_delete=models.CASCADE, related_name="reports", verbose_name=_("承诺")
    )
    text = models.TextField(_("述诺内容"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"))

    class Meta:
        verbose_name = _("述诺")
        verbose_name_plural = _("述诺")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "pledge"], name="pledgereport_unique_tenant_pledge")
        ]

    def __str__(self) -> str:
        return self.text[:20]


class RaterKind(models.TextChoices):
    SELF = "self", _("自评")
    PEER = "peer", _("同事互评")
    LEADER = "leader", _("单位领导评议")
    ORG = "org", _("组织评定")


DEFAULT_SCALE = [["优秀", 95], ["合格", 80], ["基本合格", 65], ["不合格", 50]]
DEFAULT_WEIGHTS = {"self": 10, "peer": 20, "leader": 30, "org": 40}


def default_scale() -> list[list[object]]:
    return [list(row) for row in DEFAULT_SCALE]


def default_weights() -> dict[str, int]:
    return dict(DEFAULT_WEIGHTS)


class PledgeRatingConfig(TenantModel):
    """How 评诺 is scored in one campaign: grades (best first, with points), weights per rater kind,
    and the share of a unit's pledges that may be rated best (优秀 at most one third by default)."""

    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    scale = models.JSONField(_("等级"), default=default_scale)
    weights = models.JSONField(_("权重"), default=default_weights)
    top_share_num = models.PositiveSmallIntegerField(_("最高等级比例分子"), default=1)
    top_share_den = models.PositiveSmallIntegerField(_("最高等级比例分母"), default=3)

    class Meta:
        verbose_name = _("评诺设置")
        verbose_name_plural = _("评诺设置")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign"], name="pledgeratingconfig_unique_tenant_campaign"
            )
        ]

    def __str__(self) -> str:
        return str(self.campaign_id)


class PledgeRating(TenantModel):
    """One rater's grade of a reported pledge. One per rater and pledge."""

    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("评议类别"), max_length=10, choices=RaterKind.choices)
    grade = models.CharField(_("等级"), max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("评诺")
        verbose_name_plural = _("评诺")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "pledge", "rater"], name="pledgerating_unique_tenant_rater"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.grade}"
