"""Document study (文件学习): the office publishes documents to units; each member confirms 已学习."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.attachments import Attachment
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel


class StudyDocument(TenantModel):
    """A document to study. With ``all_units`` every member of the tenant is asked; otherwise the
    members of the target units' subtrees."""

    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.PROTECT,
        related_name="study_documents",
        verbose_name=_("创先活动"),
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    published_on = models.DateField(_("发布日期"))
    due_on = models.DateField(_("学习截止日期"), null=True, blank=True)
    all_units = models.BooleanField(_("发给全部单位"), default=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)

    class Meta:
        verbose_name = _("学习文件")
        verbose_name_plural = _("学习文件")
        indexes = [
            models.Index(fields=["tenant", "campaign", "published_on"], name="studydoc_tenant_campaign")
        ]

    def __str__(self) -> str:
        return self.title


class StudyTarget(TenantModel):
    """A unit a document is sent to; it covers the unit's whole subtree."""

    document = models.ForeignKey(StudyDocument, on_delete=models.CASCADE, related_name="targets")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))

    class Meta:
        verbose_name = _("学习对象单位")
        verbose_name_plural = _("学习对象单位")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "document", "unit"], name="studytarget_unique_tenant_doc_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.unit}"


class StudyAttachment(Attachment):
    document = models.ForeignKey(StudyDocument, on_delete=models.CASCADE, related_name="attachments")
    order = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(_("附件"), upload_to=random_upload_to("study"))

    class Meta:
        verbose_name = _("学习文件附件")
        verbose_name_plural = _("学习文件附件")
        ordering = ["order", "id"]

    @property
    def name(self) -> str:
        """The user's file name (``original_name``; the views and template still say ``name``)."""
        return self.original_name


class StudyConfirmation(TenantModel):
    """A member confirmed 已学习. One per member and document; confirming twice counts once."""

    document = models.ForeignKey(StudyDocument, on_delete=models.CASCADE, related_name="confirmations")
    member = models.ForeignKey(
        "orgs.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("会员")
    )
    confirmed_at = models.DateTimeField(_("确认时间"))

    class Meta:
        verbose_name = _("学习确认")
        verbose_name_plural = _("学习确认")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "document", "member"], name="studyconfirm_unique_tenant_doc_member"
            )
        ]
        indexes = [models.Index(fields=["tenant", "member"], name="studyconfirm_tenant_member")]

    def __str__(self) -> str:
        return f"{self.member} · {self.document}"
