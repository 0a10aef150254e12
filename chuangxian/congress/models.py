"""The staff congress (教职工代表大会, 教代会) at two levels: the school's and each college's.

- ``Congress``: one term (届) of the congress of a unit (the school's root, or a college). A small
  unit may hold an all-staff meeting (全体教职工大会, ``all_staff``): every active member of the unit
  is a voter and nobody is elected. The composition rules, the quorum and the majority are stored
  per congress as fractions (numerator / denominator).
- ``Delegation`` (代表团): the representatives of one unit, with a head.
- ``Representative``: one member elected by one unit for the term. The power itself is a grant
  (``grants.GrantKind.REPRESENTATIVE`` on the congress, from the election to the term's end);
  this row keeps what the grant cannot: the electing unit, the delegation, the leader flag, and
  the replacement chain (``ended_on``, ``replaces``).
- ``Session`` (会议, 第N届教代会第M次会议): dates, place, an ordered agenda, documents, attendance
  by the shared check-in (``SessionAttendance``), and the polls held in it (``SessionPoll``).

Proposals (提案) will hang off ``Session`` (the collection window closes before ``starts_at``) and
are checked against ``permissions.is_representative``.
"""

from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangxian.congress.rules import Ratio
from chuangxian.core.attachments import Attachment
from chuangxian.core.checkin.models import Attendance
from chuangxian.core.files import random_upload_to
from chuangxian.core.models import TenantModel

CN_NUMBERS = "〇一二三四五六七八九十"


def cn_number(n: int) -> str:
    """1 → 一, 12 → 十二, 25 → 二十五 (terms and sessions are numbered this way, up to 99)."""
    if n < 0 or n > 99:
        return str(n)
    if n <= 10:
        return CN_NUMBERS[n]
    tens, ones = divmod(n, 10)
    return (CN_NUMBERS[tens] if tens > 1 else "") + "十" + (CN_NUMBERS[ones] if ones else "")


class TermYears(models.IntegerChoices):
    THREE = 3, _("3 年")
    FIVE = 5, _("5 年")


class Congress(TenantModel):
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    all_staff = models.BooleanField(_("全体教职工大会"), default=False)
    term_number = models.PositiveSmallIntegerField(_("届次"))
    term_starts_on = models.DateField(_("本届开始日期"))
    term_years = models.PositiveSmallIntegerField(_("任期（年）"), choices=TermYears.choices, default=5)
    teachers_min_num = models.PositiveSmallIntegerField(default=3)
    teachers_min_den = models.PositiveSmallIntegerField(default=5)
    leaders_max_num = models.PositiveSmallIntegerField(default=1)
    leaders_max_den = models.PositiveSmallIntegerField(default=5)
    quorum_num = models.PositiveSmallIntegerField(default=2)
    quorum_den = models.PositiveSmallIntegerField(default=3)
    majority_num = models.PositiveSmallIntegerField(default=1)
    majority_den = models.PositiveSmallIntegerField(default=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("教代会")
        verbose_name_plural = _("教代会")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "unit", "term_number"], name="congress_unique_tenant_unit_term"
            ),
            models.CheckConstraint(
                condition=Q(teachers_min_den__gt=0, teachers_min_num__lte=models.F("teachers_min_den"))
                & Q(leaders_max_den__gt=0, leaders_max_num__lte=models.F("leaders_max_den"))
                & Q(quorum_den__gt=0, quorum_num__lte=models.F("quorum_den"))
                & Q(majority_den__gt=0, majority_num__lte=models.F("majority_den")),
                name="congress_fractions",
            ),
        ]

    def __str__(self) -> str:
        return _("%(unit)s第%(n)s届%(kind)s") % {
            "unit": self.unit.name,
            "n": cn_number(self.term_number),
            "kind": self.kind_label,
        }

    @property
    def kind_label(self) -> str:
        return str(_("全体教职工大会") if self.all_staff else _("教职工代表大会"))

    @property
    def teachers_min(self) -> Ratio:
        return Ratio(self.teachers_min_num, self.teachers_min_den)

    @property
    def leaders_max(self) -> Ratio:
        return Ratio(self.leaders_max_num, self.leaders_max_den)

    @property
    def quorum(self) -> Ratio:
        return Ratio(self.quorum_num, self.quorum_den)

    @property
    def majority(self) -> Ratio:
        return Ratio(self.majority_num, self.majority_den)

    @property
    def term_ends_on(self) -> date:
        """The last day of the term: the day before the same date ``term_years`` later."""
        start = self.term_starts_on
        try:
            end = start.replace(year=start.year + self.term_years)
        except ValueError:  # 29 February
            end = start.replace(year=start.year + self.term_years, day=28)
        return end - timedelta(days=1)


class Delegation(TenantModel):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="delegations")
    unit = models.ForeignKey("orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("单位"))
    name = models.CharField(_("代表团名称"), max_length=100)
    head = models.ForeignKey(
        "orgs.Member",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("团长"),
    )

    class Meta:
        verbose_name = _("代表团")
        verbose_name_plural = _("代表团")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "congress", "unit"], name="delegation_unique_tenant_congress_unit"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Representative(TenantModel):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="representatives")
    member = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("代表")
    )
    unit = models.ForeignKey(
        "orgs.Unit", on_delete=models.PROTECT, related_name="+", verbose_name=_("选举单位")
    )
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="representatives",
        verbose_name=_("代表团"),
    )
    # The roster holds no rank: the office marks a 处级及以上领导干部 when recording the election.
    is_leader = models.BooleanField(_("领导干部"), default=False)
    elected_on = models.DateField(_("当选日期"))
    grant = models.ForeignKey(
        "grants.Grant", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    ended_on = models.DateField(_("终止日期"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=200, blank=True)
    replaces = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("接替"),
    )

    class Meta:
        verbose_name = _("教代会代表")
        verbose_name_plural = _("教代会代表")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "congress", "member"],
                condition=Q(ended_on__isnull=True),
                name="representative_unique_live",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}"


class Session(TenantModel):
    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("第几次会议"))
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("教代会会议")
        verbose_name_plural = _("教代会会议")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "congress", "number"], name="session_unique_tenant_congress_number"
            ),
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="session_ends_after"),
        ]

    def __str__(self) -> str:
        return _("%(congress)s第%(n)s次会议") % {"congress": self.congress, "n": cn_number(self.number)}


class AgendaItem(TenantModel):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(_("序号"))
    title = models.CharField(_("议程"), max_length=200)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("议程")
        verbose_name_plural = _("议程")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "session", "position"], name="agendaitem_unique_tenant_session_position"
            )
        ]

    def __str__(self) -> str:
        return self.title


class SessionDocument(Attachment):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("文件"), upload_to=random_upload_to("congress"))
    title = models.CharField(_("文件名称"), max_length=200)

    class Meta:
        verbose_name = _("会议文件")
        verbose_name_plural = _("会议文件")


class SessionAttendance(Attendance):
    """One voter checked in at one session (``core.checkin``; ``services.attendance``)."""

    target_field = "session"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")

    class Meta:
        verbose_name = _("会议签到")
        verbose_name_plural = _("会议签到")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "session", "member"], name="sessionattendance_unique_tenant_session_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.session} · {self.member}"


class SessionPoll(TenantModel):
    """A poll of the voting engine held in a session (an election or a resolution)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="polls")
    poll = models.ForeignKey("voting.Poll", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("会议表决")
        verbose_name_plural = _("会议表决")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "poll"], name="sessionpoll_unique_tenant_poll")
        ]
