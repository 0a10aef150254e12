"""The review cycle's records, shared by every app that has something submitted and reviewed.

A record names its subject by ``subject_type`` ("<app_label>.<model_name>") and ``subject_id``, so
the review app imports no feature app. ``Revision`` is what was submitted, frozen as labelled texts
(for subjects that have no version rows of their own); ``Decision`` is one reviewer's verdict.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.models import TenantModel


class Outcome(models.TextChoices):
    APPROVED = "approved", _("通过")
    RETURNED = "returned", _("退回修改")


class Revision(TenantModel):
    """One submission of a subject: ``fields`` is ``[[label, text], ...]`` as submitted; never changed."""

    subject_type = models.CharField(_("对象类型"), max_length=60)
    subject_id = models.PositiveBigIntegerField(_("对象编号"))
    number = models.PositiveSmallIntegerField(_("版本号"))
    fields = models.JSONField(_("内容"), default=list)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=clock.now)

    class Meta:
        verbose_name = _("提交版本")
        verbose_name_plural = _("提交版本")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "subject_type", "subject_id", "number"],
                name="revision_unique_tenant_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} · 第{self.number}版"


class Decision(TenantModel):
    """A reviewer approved or returned a subject's submission (``number``: the version decided on)."""

    subject_type = models.CharField(_("对象类型"), max_length=60)
    subject_id = models.PositiveBigIntegerField(_("对象编号"))
    number = models.PositiveSmallIntegerField(_("版本号"), null=True, blank=True)
    decision = models.CharField(_("审核结果"), max_length=10, choices=Outcome.choices)
    comment = models.TextField(_("审核意见"), blank=True)
    # None: the system reviewed (a pledge may be reviewed by the system, a plan may not).
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["tenant", "subject_type", "subject_id", "created_at"], name="decision_tenant_subject"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_type}:{self.subject_id} · {self.get_decision_display()}"
