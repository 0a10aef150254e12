"""A unit's projects (一个分工会一个项目): milestones with weights, and a dated timeline of updates.

A unit nominates a project for the excellent-project selection (优秀项目评选) in the selections
engine (``selections.Entry`` of kind project), not here."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.attachments import Attachment
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    ACTIVE = "active", _("实施中")
    COMPLETED = "completed", _("已完成")


class Project(TenantModel):
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属创先活动")
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    theme = models.ForeignKey(
        "campaigns.Theme", on_delete=models.PROTECT, related_name="+", verbose_name=_("主题实践活动")
    )
    title = models.CharField(_("项目名称"), max_length=200)
    goals = models.TextField(_("项目目标"))
    measures = models.TextField(_("主要措施"), blank=True)
    budget = models.DecimalField(
        _("预算（元）"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=ProjectStatus.choices, default=ProjectStatus.ACTIVE
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)  # the service clock (demo history replays)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("工会项目")
        verbose_name_plural = _("工会项目")
        indexes = [
            models.Index(fields=["tenant", "campaign", "unit"], name="project_tenant_campaign_unit"),
            models.Index(fields=["tenant", "campaign", "theme"], name="project_tenant_campaign_theme"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0), name="project_budget_gte_0"
            )
        ]

    def __str__(self) -> str:
        return self.title


class PersonRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("责任人")
    PARTICIPANT = "participant", _("参与会员")


class ProjectPerson(TenantModel):
    """A member named on a project as responsible or as participant (explicit, tenant-keyed M2M)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey("orgs.Member", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("身份"), max_length=12, choices=PersonRole.choices)

    class Meta:
        verbose_name = _("项目人员")
        verbose_name_plural = _("项目人员")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "project", "member", "role"], name="projectperson_unique_tenant_member_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.member_id} · {self.role}"


class Milestone(TenantModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("节点名称"), max_length=200)
    due_on = models.DateField(_("计划完成日期"))
    weight = models.PositiveSmallIntegerField(_("权重"), default=1, validators=[MinValueValidator(1)])
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        verbose_name = _("项目节点")
        verbose_name_plural = _("项目节点")
        ordering = ["order", "due_on", "id"]
        indexes = [models.Index(fields=["tenant", "project", "order"], name="milestone_tenant_project")]
        constraints = [
            models.CheckConstraint(condition=models.Q(weight__gte=1), name="milestone_weight_gte_1")
        ]

    def __str__(self) -> str:
        return self.title


class ProjectUpdate(TenantModel):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    date = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author_name = models.CharField(_("填写人"), max_length=150, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("项目进展")
        verbose_name_plural = _("项目进展")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["tenant", "project", "date"], name="projectupdate_tenant_project")]

    def __str__(self) -> str:
        return f"{self.project} · {self.date}"


class UpdateFile(Attachment):
    update = models.ForeignKey(ProjectUpdate, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("文件"), upload_to=random_upload_to("projects"))

    class Meta:
        verbose_name = _("进展附件")
        verbose_name_plural = _("进展附件")
