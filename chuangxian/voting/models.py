"""The voting engine: polls with questions and options, a frozen electorate, secret ballots.

Secrecy is a property of the schema. ``Ballot`` and ``BallotChoice`` hold no reference to a member,
a user, a time finer than the poll, an address or a browser; a ballot's primary key is random, so
the index order says nothing about the order of casting. *Who* voted lives only in ``Participation``;
*what* was voted only in the ballot tables. ``tests/test_secrecy.py`` inspects these models and fails
if a column or relation ever links the two. The hash chain is built at close over the ballots sorted
by their random receipt codes, so it does not reveal the order of casting either.
"""

import secrets
from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from chuangxian.core.models import TenantModel
from chuangxian.voting import tally

RECEIPT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # no 0/O, 1/I/L: read aloud and typed on phones
RECEIPT_LENGTH = 12


def new_receipt() -> str:
    """A random tracker such as ``K7QF-9M2X-3HTW``: 60 bits, grouped by four for reading."""
    number = secrets.randbelow(len(RECEIPT_ALPHABET) ** RECEIPT_LENGTH)  # one draw, uniform
    chars = []
    for _i in range(RECEIPT_LENGTH):
        number, digit = divmod(number, len(RECEIPT_ALPHABET))
        chars.append(RECEIPT_ALPHABET[digit])
    return "-".join("".join(chars[i : i + 4]) for i in range(0, RECEIPT_LENGTH, 4))


def new_ballot_key() -> str:
    return secrets.token_hex(16)


class PollPurpose(models.TextChoices):
    SELECTION = "selection", _("评选推荐")
    ELECTION = "election", _("选举")
    RESOLUTION = "resolution", _("表决")
    EVALUATION = "evaluation", _("民主测评")
    OTHER = "other", _("其他")


class PollStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    # Opened (the electorate frozen) before its start time: the clock opens it at ``opens_at``.
    SCHEDULED = "scheduled", _("待开始")
    OPEN = "open", _("投票中")
    CLOSED = "closed", _("已截止")
    TALLIED = "tallied", _("已计票")
    PUBLISHED = "published", _("已公布")


class BallotBoxKind(models.TextChoices):
    """How a secret poll keeps its ballots until the count (``docs/voting.md``)."""

    SEALED = "sealed", _("密封票箱（默认）：选票加密保存，监票人共同开箱，回执只证明选票已投入")
    PLAIN = "plain", _("公开回执：选票直接保存，回执可查到所投内容（仅用于低风险的意见征询）")


class PollMode(models.TextChoices):
    ONLINE = "online", _("网上投票")
    PAPER = "paper", _("纸质投票")
    MIXED = "mixed", _("网上与纸质结合")


class ElectorateKind(models.TextChoices):
    TENANT = "tenant", _("全校会员")
    UNITS = "units", _("选定单位的会员")
    REPRESENTATIVES = "representatives", _("教代会代表")


class MajorityBase(models.TextChoices):
    ELECTORATE_HALF = "electorate_half", _("超过应到人数的半数")
    CAST_HALF = "cast_half", _("超过实到（投票）人数的半数")
    CAST_TWO_THIRDS = "cast_two_thirds", _("达到实到（投票）人数的三分之二")
    ELECTORATE_TWO_THIRDS = "electorate_two_thirds", _("达到应到人数的三分之二")


class TieRule(models.TextChoices):
    RUNOFF = "runoff", _("对票数相同者再次投票")
    LOT = "lot", _("抽签决定并记录")


class Poll(TenantModel):
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("组织单位")
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("投票名称"), max_length=200)
    purpose = models.CharField(_("用途"), max_length=20, choices=PollPurpose.choices)
    description = models.TextField(_("说明"), blank=True)
    secret = models.BooleanField(_("无记名投票"), default=True)
    # Only for a secret poll: a named (记名) poll's ballots are never sealed.
    ballot_box = models.CharField(
        _("票箱"), max_length=10, choices=BallotBoxKind.choices, default=BallotBoxKind.SEALED
    )
    # How many scrutineers' shares open the sealed box; empty: a majority of them, at least 2.
    key_threshold = models.PositiveSmallIntegerField(_("开箱所需监票人数"), null=True, blank=True)
    mode = models.CharField(_("投票方式"), max_length=10, choices=PollMode.choices, default=PollMode.ONLINE)
    status = models.CharField(_("状态"), max_length=10, choices=PollStatus.choices, default=PollStatus.DRAFT)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("截止时间"))
    electorate_kind = models.CharField(
        _("投票人范围"), max_length=20, choices=ElectorateKind.choices, default=ElectorateKind.UNITS
    )
    electorate_units: "models.ManyToManyField" = models.ManyToManyField(
        "orgs.Unit", through="PollUnit", related_name="+", blank=True, verbose_name=_("投票单位")
    )
    # Rules on the result (stored per poll; the result page states them).
    quorum_num = models.PositiveSmallIntegerField(_("有效人数比例分子"), default=2)
    quorum_den = models.PositiveSmallIntegerField(_("有效人数比例分母"), default=3)
    majority_base = models.CharField(
        _("当选（通过）标准"), max_length=30, choices=MajorityBase.choices, default=MajorityBase.CAST_HALF
    )
    tie_rule = models.CharField(
        _("票数相同时"), max_length=10, choices=TieRule.choices, default=TieRule.RUNOFF
    )
    # Lifecycle. ``opened_at``: when voting really began (a scheduled poll: when the clock opened it).
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the clock sent the automatic "closing soon" reminder (once per poll).
    auto_reminded_at = models.DateTimeField(null=True, blank=True)
    closed_early_reason = models.TextField(_("提前截止理由"), blank=True)
    tallied_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    electorate_size = models.PositiveIntegerField(_("应到人数"), default=0)
    final_hash = models.CharField(_("最终哈希"), max_length=64, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    # A run-off poll points at the poll whose tie it settles.
    runoff_of = models.ForeignKey("self", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    runoff_question = models.ForeignKey(
        "Question", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("投票")
        verbose_name_plural = _("投票")
        indexes = [models.Index(fields=["tenant", "status", "closes_at"], name="poll_tenant_status_close")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="poll_closes_after_opens"
            ),
            models.CheckConstraint(
                condition=models.Q(quorum_den__gt=0, quorum_num__lte=models.F("quorum_den")),
                name="poll_quorum_fraction",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @cached_property
    def box(self) -> "BallotBox | None":
        """The sealed poll's ballot box (made when it opens), or None; one query, then cached."""
        return BallotBox.objects.filter(tenant_id=self.tenant_id, poll=self).first()

    @property
    def sealed(self) -> bool:
        """Whether the ballots go into the sealed box (a secret poll with the sealed box)."""
        return self.secret and self.ballot_box == BallotBoxKind.SEALED

    @property
    def started_at(self) -> datetime:
        """When voting really began: the planned opening, or the actual one if that was later."""
        return max(self.opens_at, self.opened_at or self.opens_at)


class PollUnit(TenantModel):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "poll", "unit"], name="pollunit_unique_tenant_poll_unit"
            )
        ]


class PollOfficer(TenantModel):
    """A scrutineer's (监票人) confirmation of the count: the final hash they confirmed, and when.

    The row is made when the scrutineer confirms (``services.scrutineer_confirm``), so ``kind`` is
    always scrutineer. Who *is* a scrutineer or teller (计票人) of a poll is not recorded here: it is a
    grant on the poll (``chuangxian.grants``, kinds scrutineer and teller), given and taken back when
    the poll form names them (``services.polls``); ``selectors.poll_officers`` joins the two."""

    class Kind(models.TextChoices):
        SCRUTINEER = "scrutineer", _("监票人")
        TELLER = "teller", _("计票人")

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="officers")
    member = models.ForeignKey("orgs.Member", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    confirmed_hash = models.CharField(max_length=64, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "poll", "member", "kind"], name="pollofficer_unique_tenant_poll_member_kind"
            )
        ]

    @property
    def confirmed_fingerprint(self) -> str:
        """The fingerprint the scrutineer's recount showed when they confirmed: ``scrutineer_confirm``
        accepts only the fingerprint of the hash it stores, so it is derived, not stored ("" before)."""
        return tally.fingerprint(self.confirmed_hash)


class QuestionMethod(models.TextChoices):
    YES_NO = "yes_no", _("赞成 / 反对 / 弃权")
    APPROVAL = "approval", _("选择候选人（可差额）")


class Question(TenantModel):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(_("题目"), max_length=300)
    method = models.CharField(_("表决方式"), max_length=10, choices=QuestionMethod.choices)
    # Approval: choose between min_choices and max_choices options (max = seats for 差额选举).
    min_choices = models.PositiveSmallIntegerField(_("至少选"), default=0)
    max_choices = models.PositiveSmallIntegerField(_("至多选"), default=1)
    seats = models.PositiveSmallIntegerField(_("应选名额"), default=1)
    # Approval with negative marks: each candidate may be marked 赞成 or 反对 (unmarked = 弃权).
    allow_negative = models.BooleanField(_("可投反对票"), default=False)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(min_choices__lte=models.F("max_choices")), name="question_min_lte_max"
            )
        ]

    def __str__(self) -> str:
        return self.text


class Option(TenantModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    order = models.PositiveSmallIntegerField(default=0)
    label = models.CharField(_("选项"), max_length=200)
    member = models.ForeignKey(
        "orgs.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("候选人"),
    )

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label


class Eligibility(TenantModel):
    """The electorate, frozen when the poll opens."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="eligible")
    member = models.ForeignKey("orgs.Member", on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "poll", "member"], name="eligibility_unique_tenant_poll_member"
            )
        ]


class Channel(models.TextChoices):
    ONLINE = "online", _("网上")
    PAPER = "paper", _("纸质")


class Participation(TenantModel):
    """Who voted (never what). Inserted in the same transaction as the ballot; the unique constraint
    is what makes a second ballot from the same voter impossible, whatever the race."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey("orgs.Member", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    # Only for a named (non-secret) poll: the vote as shown publicly next to the voter's name.
    named_choices = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "poll", "member"], name="participation_unique_tenant_poll_member"
            )
        ]


class BallotKind(models.TextChoices):
    VALID = "valid", _("有效票")
    BLANK = "blank", _("空白票")


class Ballot(TenantModel):
    """One cast ballot. No voter, no time, a random key: see the module docstring."""

    key = models.CharField(primary_key=True, max_length=32, default=new_ballot_key, editable=False)
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="ballots")
    receipt = models.CharField(max_length=14, default=new_receipt, editable=False)
    kind = models.CharField(max_length=10, choices=BallotKind.choices, default=BallotKind.VALID)
    # Set at close, over the ballots sorted by receipt: sha256(previous chain_hash + this ballot).
    chain_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "poll", "receipt"], name="ballot_unique_tenant_poll_receipt"
            )
        ]

    def __str__(self) -> str:
        return self.receipt


class Mark(models.TextChoices):
    YES = "yes", _("赞成")
    NO = "no", _("反对")
    ABSTAIN = "abstain", _("弃权")


class BallotChoice(TenantModel):
    """One mark on a ballot: for a yes/no question the option is empty and ``mark`` is the answer;
    for an approval question, one row per marked candidate."""

    key = models.CharField(primary_key=True, max_length=32, default=new_ballot_key, editable=False)
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    option = models.ForeignKey(Option, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    mark = models.CharField(max_length=10, choices=Mark.choices)

    class Meta:
        indexes = [
            models.Index(fields=["tenant", "question", "option", "mark"], name="ballotchoice_tenant_q_opt")
        ]


class PaperEntry(TenantModel):
    """One teller's independent entry of the paper ballots' results (double entry)."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="paper_entries")
    teller = models.ForeignKey("orgs.Member", on_delete=models.PROTECT, related_name="+")
    data = models.JSONField()
    entered_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "poll", "teller"], name="paperentry_unique_tenant_poll_teller"
            )
        ]


class LotDraw(TenantModel):
    """A tie settled by lot (抽签), recorded by the organiser in front of the scrutineers."""

    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="lots")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    winners = models.JSONField(default=list)  # option ids drawn
    note = models.TextField(_("抽签经过"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()


# The sealed ballot box's tables (``models_box``), imported here so Django finds them.
from chuangxian.voting.models_box import BallotBox, KeyShare, SealedBallot  # noqa: E402, F401
