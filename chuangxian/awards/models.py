"""Awards (结果公布与证书): the winners of a selection at its final stage, their certificates, and the
office's certificate template.

An ``Award`` is one winner: an entry of a selection (``selections.Entry``) the office announced at
the selection's final stage, with the honour (the selection type's name), the date and a certificate
number unique per school and year and never reused (``CertificateSequence``). The winner's name and
unit are copied at the announcement, so a certificate printed later says what was announced.
``exemplar`` marks a winner the office publicises as a model (先进典型).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.models import TenantModel


class Award(TenantModel):
    selection = models.ForeignKey(
        "selections.Selection", on_delete=models.PROTECT, related_name="+", verbose_name=_("评选")
    )
    entry = models.ForeignKey(
        "selections.Entry", on_delete=models.PROTECT, related_name="+", verbose_name=_("推荐对象")
    )
    name = models.CharField(_("获奖者"), max_length=200)
    unit_name = models.CharField(_("单位"), max_length=200)
    honour = models.CharField(_("荣誉"), max_length=100)
    awarded_on = models.DateField(_("授予日期"))
    year = models.PositiveSmallIntegerField(_("证书年度"))
    number = models.PositiveIntegerField(_("证书序号"))
    exemplar = models.BooleanField(_("先进典型"), default=False)
    announced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    announced_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("获奖")
        verbose_name_plural = _("获奖")
        ordering = ["selection_id", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "entry"], name="award_unique_tenant_entry"),
            models.UniqueConstraint(fields=["tenant", "year", "number"], name="award_unique_tenant_number"),
        ]
        indexes = [models.Index(fields=["tenant", "exemplar"], name="award_tenant_exemplar")]

    def __str__(self) -> str:
        return f"{self.name} · {self.honour}"

    @property
    def certificate_no(self) -> str:
        return f"{self.year}-{self.number:04d}"


class CertificateSequence(TenantModel):
    """The last certificate number given in a school's year; locked while the next is taken."""

    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "year"], name="certificatesequence_unique_tenant_year")
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class DateFormat(models.TextChoices):
    CHINESE_NUMERALS = "cn_upper", _("二〇一一年十二月三十日")
    CHINESE = "cn", _("2011年12月30日")
    ISO = "iso", _("2011-12-30")


class CertificateTemplate(TenantModel):
    """The school's certificate: its title, the body with placeholders (``PLACEHOLDERS``), the
    union's name, the signature line and how the date is written. One per school; until the office
    saves one, ``selectors.certificate_template_for`` gives the default."""

    title = models.CharField(_("证书标题"), max_length=40)
    body = models.TextField(_("证书正文"))
    union_name = models.CharField(_("工会名称"), max_length=100)
    signature = models.CharField(_("落款"), max_length=100)
    date_format = models.CharField(
        _("日期格式"), max_length=10, choices=DateFormat.choices, default=DateFormat.CHINESE_NUMERALS
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("证书模板")
        verbose_name_plural = _("证书模板")
        constraints = [models.UniqueConstraint(fields=["tenant"], name="certificatetemplate_unique_tenant")]

    def __str__(self) -> str:
        return self.title
