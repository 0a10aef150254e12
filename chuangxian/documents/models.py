"""Official notices (公文): numbered per organ prefix and year, with attachments and the
GB/T 9704-2012 elements (issuer marking, number, title, addressees, body, issuing office and date,
cc and printing lines)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel


class DocumentNumberSequence(TenantModel):
    """The last number given out for one organ prefix and year (e.g. 泉师院委组工, 2010).

    ``notice_issue`` locks this row to hand out the next number; numbers only ever go up.
    """

    prefix = models.CharField(_("机关代字"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年份"))
    first_number = models.PositiveIntegerField(_("起始号码"), default=1)
    last_number = models.PositiveIntegerField(_("已用到的号码"), default=0, help_text=_("0 表示尚未发文。"))

    class Meta:
        verbose_name = _("发文字号序列")
        verbose_name_plural = _("发文字号序列")
        ordering = ["-year", "prefix"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "prefix", "year"], name="docseq_unique_tenant_prefix_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕"

    @property
    def next_number(self) -> int:
        return max(self.last_number + 1, self.first_number)


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    ISSUED = "issued", _("已印发")
    REVOKED = "revoked", _("已撤销")


def format_document_number(prefix: str, year: int, number: int | None) -> str:
    """``泉师院委组工〔2010〕22号``: year in hexagonal brackets 〔〕, no leading zeros (GB/T 9704 7.2.3)."""
    if number is None:
        return ""
    return f"{prefix}〔{year}〕{number}号"


class Notice(TenantModel):
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("所属创先活动"),
    )
    marking = models.CharField(
        _("发文机关标志"),
        max_length=60,
        blank=True,
        help_text=_("版头红色大字，如“××学院工会文件”；留空则用发文机关署名加“文件”。"),
    )
    prefix = models.CharField(_("机关代字"), max_length=40)
    year = models.PositiveSmallIntegerField(_("年份"))
    number = models.PositiveIntegerField(_("发文顺序号"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    addressees = models.CharField(_("主送机关"), max_length=300, blank=True)
    body = models.TextField(_("正文"))
    issuing_office = models.CharField(_("发文机关署名"), max_length=100)
    signed_on = models.DateField(_("成文日期"), null=True, blank=True)
    cc = models.CharField(_("抄送机关"), max_length=300, blank=True)
    printing_office = models.CharField(_("印发机关"), max_length=100, blank=True)
    printed_on = models.DateField(_("印发日期"), null=True, blank=True)
    status = models.CharField(
        _("状态"), max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("撤销理由"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("公文")
        verbose_name_plural = _("公文")
        constraints = [
            # NULL numbers (drafts) never collide; an issued number is unique for ever.
            models.UniqueConstraint(
                fields=["tenant", "prefix", "year", "number"], name="notice_unique_tenant_prefix_year_number"
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft", number__isnull=True)
                | (~models.Q(status="draft") & models.Q(number__isnull=False)),
                name="notice_number_iff_issued",
            ),
        ]
        indexes = [
            models.Index(fields=["tenant", "status", "-issued_at"], name="notice_tenant_status_issued")
        ]

    def __str__(self) -> str:
        return self.document_number or self.title

    @property
    def document_number(self) -> str:
        return format_document_number(self.prefix, self.year, self.number)

    @property
    def marking_text(self) -> str:
        return self.marking or f"{self.issuing_office}文件"

    @property
    def is_draft(self) -> bool:
        return self.status == NoticeStatus.DRAFT


class NoticeAttachment(TenantModel):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="attachments")
    order = models.PositiveSmallIntegerField(_("序号"), default=1)
    title = models.CharField(_("附件名称"), max_length=200)
    file = models.FileField(_("文件"), upload_to=random_upload_to("documents/notices"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公文附件")
        verbose_name_plural = _("公文附件")
        ordering = ["order", "id"]
        indexes = [models.Index(fields=["tenant", "notice", "order"], name="notice_att_tenant_notice")]

    def __str__(self) -> str:
        return self.title
