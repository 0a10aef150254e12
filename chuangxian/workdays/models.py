"""The office's own table of public holidays and make-up working days (法定节假日与调休).

The ``chinesecalendar`` package carries the State Council's arrangements for the years it knows; a
row here overrides it for its date, and fills in a year the package does not know yet. See
docs/workdays.md.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel


class AdjustmentKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("调休上班")


class WorkdayAdjustment(TenantModel):
    """One day that is not what its weekday says: a holiday on a weekday, or a make-up working day
    on a weekend (or whatever the office decides for its school)."""

    day = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=10, choices=AdjustmentKind.choices)
    name = models.CharField(_("名称"), max_length=40, help_text=_("例如：春节、国庆节调休。"))
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("工作日调整")
        verbose_name_plural = _("工作日调整")
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "day"], name="workdayadjustment_unique_tenant_day"),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.get_kind_display()}（{self.name}）"

    @property
    def is_working(self) -> bool:
        return self.kind == AdjustmentKind.WORKDAY
