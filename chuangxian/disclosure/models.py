"""School-affairs disclosure (校务公开): items the office publishes, and the staff's feedback on them.

A ``DisclosureItem`` is published to the whole school or to chosen units (``DisclosureAudience``,
each covering its subtree), by category (管理与改革 / 切身利益 / 党风廉政) and mode (长期 / 定期 /
即时), with the office responsible for answering questions (``responsible_unit``: the people who
hold an answering role at exactly that unit, or a handler grant on the item). An item is visible
from its ``publish_on`` day until it is withdrawn (``withdrawn_at``, with a reason kept for the
audit). ``Feedback`` is a comment or a question under the poster's real name; a question is
answered in writing. ``DisclosureSettings`` holds the school's labels of the four rights an item
serves (知情权、参与权、选举权、监督权 by default).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.attachments import Attachment
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel
from chuangxian.orgs.models import Unit

TEXT_MAX = 500  # a comment or a question
ANSWER_MAX = 2000


class Category(models.TextChoices):
    MANAGEMENT = "management", _("管理与改革")
    INTERESTS = "interests", _("切身利益")
    INTEGRITY = "integrity", _("党风廉政")


class Mode(models.TextChoices):
    STANDING = "standing", _("长期公开")
    PERIODIC = "periodic", _("定期公开")
    IMMEDIATE = "immediate", _("即时公开")


class Right(models.TextChoices):
    """The four rights of the staff (seed §四(三)); their labels are the school's to word."""

    KNOW = "know", _("知情权")
    PARTICIPATE = "participate", _("参与权")
    ELECT = "elect", _("选举权")
    SUPERVISE = "supervise", _("监督权")


class DisclosureSettings(TenantModel):
    """The school's wording of the four rights; absent, the seed's names are used."""

    know_label = models.CharField(_("知情权的名称"), max_length=20, default="知情权")
    participate_label = models.CharField(_("参与权的名称"), max_length=20, default="参与权")
    elect_label = models.CharField(_("选举权的名称"), max_length=20, default="选举权")
    supervise_label = models.CharField(_("监督权的名称"), max_length=20, default="监督权")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("修改时间"), default=clock.now)

    class Meta:
        verbose_name = _("校务公开设置")
        verbose_name_plural = _("校务公开设置")
        constraints = [models.UniqueConstraint(fields=["tenant"], name="disclosure_settings_unique_tenant")]

    def __str__(self) -> str:
        return "、".join(self.labels().values())

    def labels(self) -> dict[str, str]:
        return {
            Right.KNOW: self.know_label,
            Right.PARTICIPATE: self.participate_label,
            Right.ELECT: self.elect_label,
            Right.SUPERVISE: self.supervise_label,
        }


class DisclosureItem(TenantModel):
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("公开内容"))
    category = models.CharField(_("类别"), max_length=12, choices=Category.choices)
    mode = models.CharField(_("公开方式"), max_length=10, choices=Mode.choices)
    rights = models.JSONField(_("保障的权利"), default=list, blank=True)  # codes of ``Right``
    whole_school = models.BooleanField(_("面向全校"), default=True)
    audience_units: "models.ManyToManyField[Unit, DisclosureAudience]" = models.ManyToManyField(
        "orgs.Unit", through="DisclosureAudience", related_name="+", blank=True, verbose_name=_("公开范围")
    )
    responsible_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("责任部门")
    )
    publish_on = models.DateField(_("公开日期"))
    review_on = models.DateField(_("复核（到期）日期"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), default=clock.now)
    updated_at = models.DateTimeField(_("修改时间"), default=clock.now)
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.CharField(_("撤回原因"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("校务公开事项")
        verbose_name_plural = _("校务公开事项")
        indexes = [
            models.Index(fields=["tenant", "withdrawn_at", "publish_on"], name="disclosure_tenant_live"),
            models.Index(fields=["tenant", "responsible_unit"], name="disclosure_tenant_resp"),
        ]

    def __str__(self) -> str:
        return self.title


class DisclosureAudience(TenantModel):
    """A unit an item is disclosed to; it covers the unit's whole subtree."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="audience")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))

    class Meta:
        verbose_name = _("公开范围")
        verbose_name_plural = _("公开范围")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "item", "unit"], name="disclosure_audience_unique_tenant_item_unit"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.unit_id}"


class DisclosureAttachment(Attachment):
    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("附件"), upload_to=random_upload_to("disclosure"))

    class Meta:
        verbose_name = _("校务公开附件")
        verbose_name_plural = _("校务公开附件")
        ordering = ["uploaded_at", "id"]


class FeedbackKind(models.TextChoices):
    COMMENT = "comment", _("意见建议")
    QUESTION = "question", _("提问")


class Feedback(TenantModel):
    """A comment or a question on an item, under the poster's real name (shown within the school)."""

    item = models.ForeignKey(DisclosureItem, on_delete=models.CASCADE, related_name="feedback")
    kind = models.CharField(_("类型"), max_length=10, choices=FeedbackKind.choices)
    text = models.TextField(_("内容"))
    author = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("提出人")
    )
    author_name = models.CharField(_("姓名"), max_length=50)
    author_unit = models.CharField(_("单位"), max_length=200, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    posted_at = models.DateTimeField(_("提出时间"), default=clock.now)
    answer = models.TextField(_("书面答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answerer_name = models.CharField(_("答复人"), max_length=200, blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("校务公开意见和提问")
        verbose_name_plural = _("校务公开意见和提问")
        ordering = ["posted_at", "id"]
        indexes = [
            models.Index(fields=["tenant", "item", "posted_at"], name="disclosure_fb_tenant_item"),
            models.Index(fields=["tenant", "kind", "answered_at"], name="disclosure_fb_tenant_open"),
        ]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.text[:30]}"

    @property
    def is_question(self) -> bool:
        return self.kind == FeedbackKind.QUESTION

    @property
    def is_open(self) -> bool:
        return self.kind == FeedbackKind.QUESTION and self.answered_at is None
