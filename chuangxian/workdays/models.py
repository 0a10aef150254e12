"""The office's own table of public holidays and make-up working days (法定节假日与调休).

The ``chinesecalendar`` package carries the State Council's arrangements for the years it knows; a
row here overrides it for its date, and fills in a year the package does not know yet; such a year
counts as known once the office confirms (``WorkdayYear``) that it entered the whole year. See
docs/workdays.md.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
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


class WorkdayYear(TenantModel):
    """The office's word that its table holds the whole of a year's arrangement (所有放假和调休上班的
    日期, as the State Council's notice gives them), for a year the ``chinesecalendar`` package does not
    know. Until the year has a row here with ``complete`` set, its deadlines warn that the year is not
    known, whatever rows the table has for it: a single row for 元旦 says nothing of 春节 or 国庆.
    ``workday_year_reopen`` clears ``complete`` (the office found a mistake); the audit log keeps who
    confirmed and reopened when."""

    year = models.PositiveSmallIntegerField(_("年份"))
    complete = models.BooleanField(_("已录入全年安排"), default=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("工作日年份确认")
        verbose_name_plural = _("工作日年份确认")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year"], name="workdayyear_unique_tenant_year"),
            models.CheckConstraint(
                condition=models.Q(complete=False) | models.Q(confirmed_at__isnull=False),
                name="workdayyear_complete_has_time",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(year)s 年全年安排") % {"year": self.year}
