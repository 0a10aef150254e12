"""Proposals (提案) of a staff congress's session, from the representative's draft to the proposer's
satisfaction.

- ``Collection``: a session's collection of proposals — the window (by default it closes 15 days
  before the session), how many co-signers a proposal needs (2), the days a handling office has to
  answer (60), and the number sequence: a proposal gets the next number when it is accepted (立案),
  per session, and a number is never reused.
- ``Proposal``: 案由 (``title``), 理由 / 情况分析 (``reasons``), 具体建议 (``suggestions``), one category;
  drafted by a representative (``proposer``), co-signed (``CoSigner``: invited, then each confirms in
  the app), submitted (the text and co-signers are locked from then on), decided by the proposals
  committee (accepted with a number, merged into another accepted proposal, turned into an opinion
  or suggestion, or not accepted with the reason), assigned to a lead handling office (a unit) and
  co-handling offices (``CoHandler``, each contributing a note) with a reply deadline, answered by
  the lead office (``Answer``: category A / B / C, measures and dates), rated by the proposer and the
  co-signers (``Rating``). The proposer's 不满意 on the first answer sends it back for one more round.
- A college's proposal may be forwarded to the school congress: the school's proposal keeps
  ``forwarded_from``, and the college's shows the school's answer.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.models import TenantModel

DEFAULT_MIN_COSIGNERS = 2
DEFAULT_CLOSE_DAYS_BEFORE = 15
DEFAULT_REPLY_DAYS = 60


class Collection(TenantModel):
    session = models.ForeignKey(
        "congress.Session",
        on_delete=models.CASCADE,
        related_name="proposal_collections",
        verbose_name=_("会议"),
    )
    opens_on = models.DateField(_("征集开始日期"))
    closes_on = models.DateField(_("征集截止日期"))
    min_cosigners = models.PositiveSmallIntegerField(_("至少附议人数"), default=DEFAULT_MIN_COSIGNERS)
    reply_days = models.PositiveSmallIntegerField(_("答复期限（天）"), default=DEFAULT_REPLY_DAYS)
    last_number = models.PositiveIntegerField(default=0)  # the sequence: never goes back

    class Meta:
        verbose_name = _("提案征集")
        verbose_name_plural = _("提案征集")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "session"], name="collection_unique_tenant_session")
        ]

    def __str__(self) -> str:
        return str(self.session_id)


class Category(models.TextChoices):
    TEACHING = "teaching", _("教学科研")
    PERSONNEL = "personnel", _("人事分配")
    STAFF = "staff", _("师资队伍")
    LOGISTICS = "logistics", _("后勤保障")
    DEMOCRACY = "democracy", _("民主管理")
    OTHER = "other", _("其他")


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交，待审查")
    ACCEPTED = "accepted", _("已立案，待交办")
    MERGED = "merged", _("已并案")
    CONVERTED = "converted", _("转为意见建议")
    REJECTED = "rejected", _("不予立案")
    FORWARDED = "forwarded", _("已转报学校教代会")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复，待评价")
    CLOSED = "closed", _("已办结")


class Proposal(TenantModel):
    session = models.ForeignKey(
        "congress.Session", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("会议")
    )
    proposer = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("提案人")
    )
    title = models.CharField(_("案由"), max_length=200)
    reasons = models.TextField(_("理由 / 情况分析"))
    suggestions = models.TextField(_("具体建议"))
    category = models.CharField(_("类别"), max_length=20, choices=Category.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    number = models.PositiveIntegerField(_("提案号"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    decision_note = models.TextField(_("审查意见"), blank=True)
    decided_at = models.DateTimeField(_("审查时间"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged", verbose_name=_("并入")
    )
    lead_unit = models.ForeignKey(
        "orgs.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("主办单位"),
    )
    deadline = models.DateField(_("答复期限"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("交办时间"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    forwarded_from = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="forwards",
        verbose_name=_("转自"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("提案")
        verbose_name_plural = _("提案")
        ordering = ["number", "created_at", "id"]
        indexes = [models.Index(fields=["tenant", "session", "status"], name="proposal_tenant_session")]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "session", "number"],
                condition=Q(number__isnull=False),
                name="proposal_unique_tenant_session_number",
            )
        ]

    def __str__(self) -> str:
        return self.title


class CoSignerStatus(models.TextChoices):
    INVITED = "invited", _("待确认")
    CONFIRMED = "confirmed", _("已确认附议")
    DECLINED = "declined", _("已谢绝")


class CoSigner(TenantModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cosigners")
    member = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("附议人")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=CoSignerStatus.choices, default=CoSignerStatus.INVITED
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("附议人")
        verbose_name_plural = _("附议人")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "proposal", "member"], name="cosigner_unique_tenant_member"
            )
        ]

    def __str__(self) -> str:
        return str(self.member_id)


class CoHandler(TenantModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="cohandlers")
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("协办单位")
    )
    note = models.TextField(_("协办意见"), blank=True)
    noted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("协办单位")
        verbose_name_plural = _("协办单位")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "proposal", "unit"], name="cohandler_unique_tenant_unit"
            )
        ]

    def __str__(self) -> str:
        return str(self.unit_id)


class AnswerCategory(models.TextChoices):
    ADOPTED = "A", _("A 类：已采纳 / 已落实")
    PLANNED = "B", _("B 类：列入计划，逐步解决")
    EXPLAINED = "C", _("C 类：因条件限制，作解释说明")


class Answer(TenantModel):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="answers")
    round = models.PositiveSmallIntegerField(_("办理轮次"))
    category = models.CharField(_("答复类别"), max_length=1, choices=AnswerCategory.choices)
    text = models.TextField(_("办理情况及措施"))
    done_by = models.DateField(_("计划完成日期"), null=True, blank=True)
    deadline = models.DateField(_("答复期限"), null=True, blank=True)  # the one in force when answered
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("答复时间"), default=clock.now)

    class Meta:
        verbose_name = _("答复")
        verbose_name_plural = _("答复")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "proposal", "round"], name="answer_unique_tenant_round")
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.round}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASIC = "basic", _("基本满意")
    UNSATISFIED = "unsatisfied", _("不满意")


class Rating(TenantModel):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="ratings")
    member = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("评价人")
    )
    value = models.CharField(_("评价"), max_length=12, choices=Satisfaction.choices)
    note = models.TextField(_("意见"), blank=True)
    rated_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("办理评价")
        verbose_name_plural = _("办理评价")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "answer", "member"], name="rating_unique_tenant_member")
        ]

    def __str__(self) -> str:
        return self.value
