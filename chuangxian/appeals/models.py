"""The staff appeals box (诉求 / 意见箱) and the ledger of practical matters done for the staff (办实事台账).

An ``Appeal`` is a member's request or complaint, routed to a unit (their own college's union by
default, the school union, or a handling office of the list the school's office keeps,
``AppealDesk``). Its handler (the officers of that unit, the holders of the handling-office role
there, a ``HANDLER`` grant on the appeal) accepts it, may transfer it to another unit with a reason
(``AppealTransfer``), talks with the member in a thread (``AppealMessage``) and answers in writing
before ``due_on`` (``AppealAnswer``, one per round). The member rates the answer; 不满意 reopens it
once for a second round.

``anonymous``: the member's name is hidden from the handler and from every page and export of the
appeal (they show 匿名教职工); ``submitter`` keeps who it is, for the member's own pages and the
audit log.

A ``PracticalMatter`` is one entry of the ledger, linked to the appeals it resolves
(``MatterAppeal``).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel

DEFAULT_ANSWER_DAYS = 15  # working days to answer an appeal (and a reopened one)


class AppealCategory(models.TextChoices):
    WORK = "work", _("工作条件")
    PAY = "pay", _("薪酬福利")
    TEACHING = "teaching", _("教学科研")
    LIVING = "living", _("生活后勤")
    OTHER = "other", _("其他")


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("待受理")
    ACCEPTED = "accepted", _("办理中")
    ANSWERED = "answered", _("已答复，待评价")
    CLOSED = "closed", _("已办结")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


SATISFIED_RATINGS = (Rating.SATISFIED, Rating.BASIC)
OPEN_STATUSES = (AppealStatus.SUBMITTED, AppealStatus.ACCEPTED)


class AppealDesk(TenantModel):
    """A handling office (承办部门) a member may address an appeal to, on the office's list."""

    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位")
    )
    note = models.CharField(_("受理范围"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("诉求承办部门")
        verbose_name_plural = _("诉求承办部门")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "unit"], name="appealdesk_unique_tenant_unit")
        ]

    def __str__(self) -> str:
        return str(self.unit_id)


class Appeal(TenantModel):
    subject = models.CharField(_("主题"), max_length=100)
    text = models.TextField(_("诉求内容"))
    category = models.CharField(_("类别"), max_length=12, choices=AppealCategory.choices)
    submitter = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人")
    )
    anonymous = models.BooleanField(_("对承办人匿名"), default=False)
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位")
    )
    status = models.CharField(
        _("状态"), max_length=12, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=clock.now)
    due_on = models.DateField(_("答复期限"))
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("答复轮次"), default=1)
    first_answered_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    answered_on_time = models.BooleanField(_("按期答复"), null=True, blank=True)
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    attachment = models.FileField(_("附件"), upload_to=random_upload_to("appeals"), blank=True)
    attachment_name = models.CharField(_("附件名"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("诉求")
        verbose_name_plural = _("诉求")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["tenant", "unit", "status"], name="appeal_tenant_unit_status"),
            models.Index(fields=["tenant", "submitter"], name="appeal_tenant_submitter"),
            models.Index(fields=["tenant", "status", "due_on"], name="appeal_tenant_status_due"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def number(self) -> str:
        return f"SQ{self.pk:05d}"


class AppealTransfer(TenantModel):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="transfers")
    from_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("转办理由"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["at", "id"]


class AppealMessage(TenantModel):
    """The thread between the member and the handler (asking for and giving more information)."""

    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="messages")
    from_submitter = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    author_label = models.CharField(max_length=120)  # the handler's name and unit; never the hidden member
    text = models.TextField(_("留言"))
    at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["at", "id"]


class AppealAnswer(TenantModel):
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField(_("答复轮次"))
    text = models.TextField(_("书面答复"))
    unit_name = models.CharField(_("答复单位"), max_length=100)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), default=clock.now)
    due_on = models.DateField(_("答复期限"))
    rating = models.CharField(_("评价"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.CharField(_("评价意见"), max_length=300, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "appeal", "round"], name="appealanswer_unique_tenant_round"
            )
        ]

    @property
    def on_time(self) -> bool:
        return timezone.localdate(self.answered_at) <= self.due_on


class PracticalMatter(TenantModel):
    """One practical matter done for the staff (办实事)."""

    title = models.CharField(_("事项"), max_length=120)
    description = models.TextField(_("办理情况"))
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("办理单位")
    )
    done_on = models.DateField(_("办结日期"))
    beneficiaries = models.PositiveIntegerField(_("受益人数"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("办实事")
        verbose_name_plural = _("办实事台账")
        ordering = ["-done_on", "-id"]

    def __str__(self) -> str:
        return self.title


class MatterAppeal(TenantModel):
    matter = models.ForeignKey(PracticalMatter, on_delete=models.CASCADE, related_name="links")
    appeal = models.ForeignKey(Appeal, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "matter", "appeal"], name="matterappeal_unique_tenant")
        ]
