"""The public notice (公示) of a selection and the objections raised during it.

A ``PublicNotice`` is one publication (a round): from ``starts_on`` for ``working_days`` working days, ending
on ``ends_on`` (``chuangxian.workdays.calendar.working_day_end``, stored when it is published). Its
``NoticeItem`` rows are the entries listed, with the name, unit and achievements as published. A
substantiated objection removes its entry and closes the round (``withdrawn_at``); the office then
publishes a new round, and the old one stays for the record. An ``Objection`` carries the objector's
real name and contact; it is answered in writing (substantiated or not), and the answer is shown to
the objector.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.models import TenantModel

DEFAULT_WORKING_DAYS = 5


class PublicNotice(TenantModel):
    selection = models.ForeignKey(
        "selections.Selection", on_delete=models.CASCADE, related_name="+", verbose_name=_("评选")
    )
    round_no = models.PositiveSmallIntegerField(_("第几次公示"))
    title = models.CharField(_("公示标题"), max_length=200)
    starts_on = models.DateField(_("公示开始日期"))
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=DEFAULT_WORKING_DAYS)
    ends_on = models.DateField(_("公示截止日期"))
    contact = models.TextField(_("异议受理方式"))
    intro = models.TextField(_("公示说明"), blank=True)
    official_notice = models.ForeignKey(
        "documents.Notice",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("公文"),
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("发布时间"), default=clock.now)
    withdrawn_at = models.DateTimeField(_("撤下时间"), null=True, blank=True)
    withdrawn_reason = models.CharField(_("撤下原因"), max_length=300, blank=True)
    finalised_at = models.DateTimeField(_("公示结束确认时间"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "selection", "round_no"], name="publicnotice_unique_tenant_selection_round"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_current(self) -> bool:
        return self.withdrawn_at is None


class NoticeItem(TenantModel):
    """One entry as the notice lists it."""

    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="items")
    entry = models.ForeignKey("selections.Entry", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(_("姓名 / 名称"), max_length=200)
    unit_name = models.CharField(_("单位"), max_length=200)
    achievements = models.TextField(_("主要事迹"))

    class Meta:
        verbose_name = _("公示对象")
        verbose_name_plural = _("公示对象")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "notice", "entry"], name="noticeitem_unique_tenant_notice_entry"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("待处理")
    SUBSTANTIATED = "substantiated", _("异议成立")
    REJECTED = "rejected", _("异议不成立")


class Objection(TenantModel):
    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="objections")
    item = models.ForeignKey(
        NoticeItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="objections",
        verbose_name=_("针对的公示对象"),
    )
    real_name = models.CharField(_("真实姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"))
    objector = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人")
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    filed_at = models.DateTimeField(_("提出时间"), default=clock.now)
    status = models.CharField(
        _("处理结果"), max_length=15, choices=ObjectionStatus.choices, default=ObjectionStatus.OPEN
    )
    answer = models.TextField(_("书面答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("公示异议")
        verbose_name_plural = _("公示异议")
        ordering = ["filed_at", "id"]
        indexes = [models.Index(fields=["tenant", "notice", "status"], name="objection_tenant_notice_st")]

    def __str__(self) -> str:
        return f"{self.real_name}: {self.text[:30]}"
