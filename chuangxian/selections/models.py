"""Selections (评选): the office's selection types, one run of a type in a campaign, and its entries.

A ``SelectionType`` is configured by the office without code: what is nominated (a project, a member,
a unit), the eligibility rules chosen from a fixed set (``eligibility``), the quota per nominating
unit (``quota``) and the stages chosen, in the fixed order of ``Stage``. A ``Selection`` runs a type
in a campaign and copies its stages when it is created, so editing the type never changes a running
selection's procedure. An ``Entry`` is one nominee of one nominating unit (a unit just below the
school union, ``nominating_unit_of``), with the unit meeting's minutes and the party organisation's
opinion as ``EntryFile`` rows; ``MemberRecord`` holds what the roster does not know and some rules
need (since when someone does union work, a disciplinary record), kept by the office.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.attachments import Attachment
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel


class EntryKind(models.TextChoices):
    PROJECT = "project", _("项目")
    MEMBER = "member", _("个人")
    UNIT = "unit", _("集体（工会组织）")


# How an entry of each kind is counted in a sentence: 2 项 / 2 名 / 2 个.
KIND_NOUNS = {EntryKind.PROJECT: _("项"), EntryKind.MEMBER: _("名"), EntryKind.UNIT: _("个")}


class Stage(models.TextChoices):
    """The stages of a selection, in their fixed order. A type chooses a subsequence that starts with
    the unit nomination and ends with the result (``REQUIRED_STAGES``)."""

    NOMINATION = "nomination", _("单位推荐")
    PARTY_REVIEW = "party_review", _("党组织审核")
    OFFICE_REVIEW = "office_review", _("学校工会初审")
    POLL = "poll", _("民主推荐")
    SCORING = "scoring", _("评委评审")
    COMMITTEE = "committee", _("评审委员会审定")
    NOTICE = "notice", _("公示")
    FINAL = "final", _("结果公布")


STAGE_ORDER: tuple[str, ...] = tuple(Stage.values)
REQUIRED_STAGES: tuple[str, ...] = (Stage.NOMINATION, Stage.FINAL)


class QuotaMode(models.TextChoices):
    FIXED = "fixed", _("固定名额")
    PERCENT = "percent", _("按在职会员人数的比例")


class Rounding(models.TextChoices):
    HALF_UP = "half_up", _("四舍五入")
    DOWN = "down", _("向下取整")
    FIVE_SIX = "five_six", _("五舍六入")


class SelectionType(TenantModel):
    """A kind of honour or selection the office runs (创先争优优秀项目, 优秀工会工作者, ...)."""

    name = models.CharField(_("评选名称"), max_length=100)
    entry_kind = models.CharField(_("推荐对象"), max_length=10, choices=EntryKind.choices)
    description = models.TextField(_("说明"), blank=True)
    # Eligibility rules (``eligibility.RULES``); each is off unless set.
    rule_in_post = models.BooleanField(_("须为在职会员"), default=False)
    rule_cadre_years = models.PositiveSmallIntegerField(
        _("从事工会工作至少（年）"), null=True, blank=True, help_text=_("留空表示不限。")
    )
    rule_not_honoured = models.BooleanField(_("本次创先活动中未获得过该荣誉"), default=False)
    rule_no_discipline = models.BooleanField(_("无学校工会登记的处分记录"), default=False)
    # The quota per nominating unit (``quota.quota_for``).
    quota_mode = models.CharField(
        _("名额方式"), max_length=10, choices=QuotaMode.choices, default=QuotaMode.FIXED
    )
    quota_min = models.PositiveSmallIntegerField(_("每单位至少推荐"), default=0)
    quota_max = models.PositiveSmallIntegerField(_("每单位最多推荐"), null=True, blank=True)
    quota_percent = models.DecimalField(_("比例（%）"), max_digits=5, decimal_places=2, null=True, blank=True)
    quota_rounding = models.CharField(
        _("取整方式"), max_length=10, choices=Rounding.choices, default=Rounding.HALF_UP
    )
    quota_at_least_one = models.BooleanField(_("有在职会员的单位至少 1 个名额"), default=False)
    stages = models.JSONField(_("评选环节"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评选类型")
        verbose_name_plural = _("评选类型")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "name"], name="selectiontype_unique_tenant_name"),
            models.CheckConstraint(
                condition=Q(quota_mode="percent", quota_percent__gt=0, quota_percent__lte=100)
                | Q(quota_mode="fixed", quota_max__isnull=False, quota_max__gte=models.F("quota_min")),
                name="selectiontype_quota_shape",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class SelectionStatus(models.TextChoices):
    DRAFT = "draft", _("筹备中")
    OPEN = "open", _("进行中")
    FINISHED = "finished", _("已结束")


class Selection(TenantModel):
    """One run of a type in a campaign. ``stage`` is the current stage (empty while a draft);
    ``stages`` is the type's list copied at creation."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+", verbose_name=_("所属创先活动")
    )
    type = models.ForeignKey(
        SelectionType, on_delete=models.PROTECT, related_name="selections", verbose_name=_("评选类型")
    )
    title = models.CharField(_("标题"), max_length=200)
    description = models.TextField(_("说明"), blank=True)
    nomination_ends_on = models.DateField(_("推荐截止日期"))
    status = models.CharField(
        _("状态"), max_length=10, choices=SelectionStatus.choices, default=SelectionStatus.DRAFT
    )
    stage = models.CharField(_("当前环节"), max_length=20, choices=Stage.choices, blank=True)
    stages = models.JSONField(_("评选环节"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评选")
        verbose_name_plural = _("评选")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["tenant", "campaign", "status"], name="selection_tenant_campaign")]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "campaign", "title"], name="selection_unique_tenant_campaign_title"
            )
        ]

    def __str__(self) -> str:
        return self.title


class EntryStatus(models.TextChoices):
    NOMINATED = "nominated", _("已推荐")
    RETURNED = "returned", _("初审退回")
    PASSED = "passed", _("初审通过")
    WITHDRAWN = "withdrawn", _("已撤回")
    REMOVED = "removed", _("未通过")
    AWARDED = "awarded", _("获评")


# Entries that take a place of the unit's quota and that a candidate may hold only once per selection.
ACTIVE_STATUSES: tuple[str, ...] = (
    EntryStatus.NOMINATED,
    EntryStatus.RETURNED,
    EntryStatus.PASSED,
    EntryStatus.AWARDED,
)


class PartyDecision(models.TextChoices):
    AGREE = "agree", _("同意")
    DISAGREE = "disagree", _("不同意")


class Entry(TenantModel):
    """One nominee (a project, a member or a unit: exactly the field of ``kind`` is set) of one
    nominating unit. ``candidate_name`` is the nominee's name as it was at the nomination."""

    selection = models.ForeignKey(Selection, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(_("推荐对象类别"), max_length=10, choices=EntryKind.choices)
    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    member = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    nominating_unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("推荐单位")
    )
    candidate_name = models.CharField(_("推荐对象"), max_length=200)
    summary = models.TextField(_("主要事迹 / 推荐理由"))
    status = models.CharField(
        _("状态"), max_length=10, choices=EntryStatus.choices, default=EntryStatus.NOMINATED
    )
    party_decision = models.CharField(
        _("党组织意见"), max_length=10, choices=PartyDecision.choices, blank=True
    )
    party_note = models.TextField(_("党组织意见说明"), blank=True)
    party_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    party_recorded_at = models.DateTimeField(null=True, blank=True)
    office_note = models.TextField(_("初审意见"), blank=True)  # the latest; every one is a review.Decision
    # The committee's decision (评审委员会审定) at the committee stage: agree keeps the entry in the
    # running, disagree removes it as the stage is left (``runs``).
    committee_decision = models.CharField(
        _("评审委员会意见"), max_length=10, choices=PartyDecision.choices, blank=True
    )
    committee_note = models.TextField(_("评审委员会意见说明"), blank=True)
    committee_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    committee_recorded_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.CharField(_("未通过原因"), max_length=300, blank=True)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    nominated_at = models.DateTimeField(_("推荐时间"), default=clock.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("推荐对象")
        verbose_name_plural = _("推荐对象")
        ordering = ["nominated_at", "id"]
        indexes = [
            models.Index(
                fields=["tenant", "selection", "nominating_unit", "status"], name="entry_tenant_unit"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="project", project__isnull=False, member__isnull=True, unit__isnull=True)
                | Q(kind="member", project__isnull=True, member__isnull=False, unit__isnull=True)
                | Q(kind="unit", project__isnull=True, member__isnull=True, unit__isnull=False),
                name="entry_one_candidate_of_its_kind",
            ),
            *(
                models.UniqueConstraint(
                    fields=["tenant", "selection", field],
                    condition=Q(**{f"{field}__isnull": False}, status__in=ACTIVE_STATUSES),
                    name=f"entry_unique_tenant_selection_{field}",
                )
                for field in ("project", "member", "unit")
            ),
        ]

    def __str__(self) -> str:
        return self.candidate_name


class FilePurpose(models.TextChoices):
    MINUTES = "minutes", _("单位会议纪要")
    PARTY_OPINION = "party_opinion", _("党组织意见（签章）")


class EntryFile(Attachment):
    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="files")
    purpose = models.CharField(_("材料"), max_length=20, choices=FilePurpose.choices)
    file = models.FileField(_("文件"), upload_to=random_upload_to("selections"))

    class Meta:
        verbose_name = _("推荐材料")
        verbose_name_plural = _("推荐材料")
        ordering = ["uploaded_at", "id"]


class MemberRecord(TenantModel):
    """What the eligibility rules need and the roster does not hold, kept by the office: since when
    the member does union work (工会干部), and a disciplinary record the office has flagged."""

    member = models.ForeignKey(
        "orgs.Member", on_delete=models.CASCADE, related_name="+", verbose_name=_("会员")
    )
    union_work_since = models.DateField(_("从事工会工作起始日期"), null=True, blank=True)
    disciplined = models.BooleanField(_("有处分记录"), default=False)
    discipline_note = models.CharField(_("处分记录说明"), max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评选资格信息")
        verbose_name_plural = _("评选资格信息")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "member"], name="memberrecord_unique_tenant_member")
        ]

    def __str__(self) -> str:
        return str(self.member_id)


from chuangxian.selections.models_poll import PollCandidate, SelectionPoll  # noqa: E402, F401
from chuangxian.selections.models_scoring import (  # noqa: E402, F401  (judges' scoring)
    Mark,
    Panel,
    PanelEntry,
    RubricItem,
    Sheet,
    SheetStatus,
    TieDecision,
)
