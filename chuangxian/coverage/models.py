"""Coverage targets (seed §六(二): 一个分工会一个项目，一个岗位一个承诺，一位教师一次活动).

Coverage itself is never stored: it is computed live from projects, pledges and attendance. Only the
targets are: one row per campaign and unit category (分类指导, seed §二), the blank category being
the default for every unit without a row of its own. Without any row the defaults below apply.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel
from chuangxian.orgs.models import UnitCategory

DEFAULT_PROJECTS = 1
DEFAULT_PLEDGE_PERCENT = 100
DEFAULT_ACTIVITY_PERCENT = 100


class CoverageTarget(TenantModel):
    campaign = models.ForeignKey("campaigns.Campaign", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(
        _("单位类别"), max_length=20, choices=UnitCategory.choices, blank=True, default=""
    )
    projects = models.PositiveSmallIntegerField(
        _("每个单位至少项目数"), default=DEFAULT_PROJECTS, validators=[MaxValueValidator(20)]
    )
    pledge_percent = models.PositiveSmallIntegerField(
        _("公示承诺的会员比例（%）"), default=DEFAULT_PLEDGE_PERCENT, validators=[MaxValueValidator(100)]
    )
    activity_percent = models.PositiveSmallIntegerField(
        _("参加活动的会员比例（%）"), default=DEFAULT_ACTIVITY_PERCENT, validators=[MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = _("覆盖目标")
        verbose_name_plural = _("覆盖目标")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign", "category"], name="coveragetarget_unique_tenant_campaign_cat"
            ),
            models.CheckConstraint(
                condition=models.Q(pledge_percent__lte=100, activity_percent__lte=100),
                name="coveragetarget_percent_lte_100",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.category or '*'}"
