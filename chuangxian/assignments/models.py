"""Phase tasks (阶段任务) the office sets, and each unit's copy of them with its own status.

逾期 (overdue) is never stored: it follows from today, the task's due date and any reopening of the
phase for the unit (see ``selectors.status_for``).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.assignments.evidence import EvidenceKind, TaskStatus, evidence_kind_choices
from chuangxian.core import clock
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel
from chuangxian.orgs.models import UnitKind

__all__ = ["EvidenceKind", "ReviewBy", "Task", "TaskStatus", "UnitTask"]


class ReviewBy(models.TextChoices):
    OFFICE = "office", _("学校工会审核")
    NONE = "none", _("无需审核")


def default_unit_kinds() -> list[str]:
    return [UnitKind.SUB_UNION.value, UnitKind.DIRECT_GROUP.value]


class Task(TenantModel):
    """What every unit of the given kinds and categories must do in a phase, by a due date."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.CASCADE, related_name="tasks", verbose_name=_("创先活动")
    )
    phase = models.ForeignKey(
        "campaigns.Phase", on_delete=models.CASCADE, related_name="tasks", verbose_name=_("阶段")
    )
    title = models.CharField(_("任务名称"), max_length=100)
    code = models.CharField(_("代码"), max_length=40)
    description = models.TextField(_("任务要求"), blank=True)
    # UnitCategory values; empty means every category.
    categories = models.JSONField(_("适用单位类别"), default=list, blank=True)
    unit_kinds = models.JSONField(_("适用组织类型"), default=default_unit_kinds)
    due_on = models.DateField(_("截止日期"))
    evidence_kind = models.CharField(
        _("所需材料"), max_length=20, choices=evidence_kind_choices, default=EvidenceKind.DOCUMENT
    )
    # For a meeting record: the kind of meeting the task asks for (a ``meetings.MeetingKind`` value,
    # kept opaque here because meetings sits above assignments); empty means any meeting. The
    # meetings provider offers only such meetings as evidence and pre-fills it when one is recorded.
    meeting_kind = models.CharField(_("会议类型"), max_length=20, blank=True)
    review_by = models.CharField(_("审核"), max_length=10, choices=ReviewBy.choices, default=ReviewBy.OFFICE)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)

    class Meta:
        verbose_name = _("阶段任务")
        verbose_name_plural = _("阶段任务")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign", "code"], name="task_unique_tenant_campaign_code"
            )
        ]
        indexes = [models.Index(fields=["tenant", "phase", "order"], name="task_tenant_phase_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def needs_review(self) -> bool:
        return self.review_by == ReviewBy.OFFICE


class UnitTask(TenantModel):
    """One unit's copy of a task: responsible person, evidence, and its own submit-and-review cycle."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="unit_tasks", verbose_name=_("任务")
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    responsible = models.ForeignKey(
        "orgs.Member",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任人"),
    )
    status = models.CharField(
        _("状态"), max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    evidence_key = models.CharField(_("材料"), max_length=120, blank=True)
    evidence_label = models.CharField(_("材料说明"), max_length=200, blank=True)
    evidence_url = models.CharField(max_length=300, blank=True)
    document = models.FileField(_("上传文件"), upload_to=random_upload_to("assignments"), blank=True)
    document_name = models.CharField(_("文件名"), max_length=200, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    review_comment = models.TextField(_("审核意见"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("单位任务")
        verbose_name_plural = _("单位任务")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "task", "unit"], name="unit_task_unique_tenant_task_unit"
            )
        ]
        indexes = [
            models.Index(fields=["tenant", "unit", "status"], name="unit_task_tenant_unit_status"),
            models.Index(fields=["tenant", "responsible", "status"], name="unit_task_tenant_responsible"),
        ]

    def __str__(self) -> str:
        return f"{self.task.title} · {self.unit.name}"
