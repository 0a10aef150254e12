"""Judges' scoring (评委评审): panels, their rubric and entries, the judges' sheets, tie decisions.

A ``Panel`` (评审组) of a selection scores the entries assigned to it (``PanelEntry``) against its
rubric (``RubricItem``). Its judges are ``grants.GrantKind.JUDGE`` grants on the panel (never a role
at a unit): every judge scores every entry of the panel except those of their own unit or its
subtree (``scoring.recusal``). A judge's ``Sheet`` for one entry holds one ``Mark`` per rubric item;
it is a draft until submitted, and locked from then on. The arithmetic (final score, ranking and
tie-break, progress) is the pure ``scoring`` package; ``TieDecision`` records the committee's order
of entries the tie-break chain left tied.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chuangxian.core import clock
from chuangxian.core.models import TenantModel
from chuangxian.selections.quota import plain
from chuangxian.selections.scoring import DEFAULT_TIE_BREAK


def default_tie_break() -> list[str]:
    return list(DEFAULT_TIE_BREAK)


class Round(models.IntegerChoices):
    ONLY = 1, _("评审")
    PRELIMINARY = 2, _("初赛")
    FINAL = 3, _("决赛")


class Panel(TenantModel):
    """A group of judges and the entries they score, in one selection (评审组)."""

    selection = models.ForeignKey(
        "selections.Selection", on_delete=models.CASCADE, related_name="panels", verbose_name=_("评选")
    )
    name = models.CharField(_("评审组名称"), max_length=100)
    tie_break = models.JSONField(_("同分排序规则"), default=default_tie_break)
    advance_count = models.PositiveSmallIntegerField(
        _("入选名额"), null=True, blank=True, help_text=_("留空表示不限。")
    )
    # The overtime rule of a teaching competition (scoring.OvertimeRule); empty: no deduction.
    overtime_limit_seconds = models.PositiveIntegerField(_("规定时长（秒）"), null=True, blank=True)
    overtime_per_minute = models.DecimalField(
        _("每超时一分钟扣分"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    overtime_cap = models.DecimalField(
        _("超时扣分上限"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    overtime_grace_seconds = models.PositiveIntegerField(_("宽限时间（秒）"), null=True, blank=True)
    # Rounds of a teaching competition: a panel is one group (组别) of one round; the top
    # ``advance_count`` of a panel that ``advances_to`` another go on to it (初赛 -> 决赛).
    round = models.PositiveSmallIntegerField(_("轮次"), choices=Round.choices, default=Round.ONLY)
    group = models.CharField(_("组别"), max_length=50, blank=True)
    advances_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fed_by",
        verbose_name=_("晋级到"),
    )
    # The recorded draw of the presentation order (``scoring.draw``): the seed reproduces it.
    draw_seed = models.CharField(_("抽签种子"), max_length=64, blank=True)
    drawn_at = models.DateTimeField(_("抽签时间"), null=True, blank=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The entry presenting now (the live scoreboard shows it); empty between lectures.
    current = models.ForeignKey(
        "selections.PanelEntry", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评审组")
        verbose_name_plural = _("评审组")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "selection", "name"], name="panel_unique_tenant_selection_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class RubricItem(TenantModel):
    """One line of the panel's scoring sheet, with its range (one decimal) and what it asks for."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="rubric")
    name = models.CharField(_("评分项目"), max_length=100)
    description = models.CharField(_("评分要点"), max_length=500, blank=True)
    minimum = models.DecimalField(_("最低分"), max_digits=5, decimal_places=1, default=0)
    maximum = models.DecimalField(_("最高分"), max_digits=5, decimal_places=1)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("评分细则")
        verbose_name_plural = _("评分细则")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "panel", "name"], name="rubricitem_unique_tenant_name"),
            models.CheckConstraint(
                condition=Q(minimum__gte=0, maximum__gt=models.F("minimum")), name="rubricitem_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def range_text(self) -> str:
        """The range as the sheet prints it: "0–80" (``scoring.RubricItem.range_text``)."""
        return f"{plain(self.minimum)}–{plain(self.maximum)}"

    @property
    def key(self) -> str:
        """The item's key in a sheet (``scoring.RubricItem.key``) and its form field's name."""
        return f"item{self.pk}"


class PanelEntry(TenantModel):
    """An entry assigned to a panel, with its drawn position and a lecture's timed deduction."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="entries")
    entry = models.ForeignKey("selections.Entry", on_delete=models.PROTECT, related_name="panel_rows")
    position = models.PositiveSmallIntegerField(_("出场顺序"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("用时（秒）"), null=True, blank=True)
    deduction = models.DecimalField(_("扣分"), max_digits=4, decimal_places=1, default=0)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("评审组参评对象")
        verbose_name_plural = _("评审组参评对象")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "panel", "entry"], name="panelentry_unique_tenant_entry"
            )
        ]

    def __str__(self) -> str:
        return str(self.entry_id)


class SheetStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    SUBMITTED = "submitted", _("已提交")


class Sheet(TenantModel):
    """One judge's marks for one entry of a panel; locked once submitted."""

    panel_entry = models.ForeignKey(PanelEntry, on_delete=models.PROTECT, related_name="sheets")
    judge = models.ForeignKey(
        "orgs.Member", on_delete=models.PROTECT, related_name="+", verbose_name=_("评委")
    )
    status = models.CharField(
        _("状态"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.DRAFT
    )
    total = models.DecimalField(_("合计"), max_digits=7, decimal_places=1, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("评分表")
        verbose_name_plural = _("评分表")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "panel_entry", "judge"], name="sheet_unique_tenant_entry_judge"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(total__isnull=False, submitted_at__isnull=False),
                name="sheet_submitted_has_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panel_entry_id}/{self.judge_id}"


class Mark(TenantModel):
    sheet = models.ForeignKey(Sheet, on_delete=models.CASCADE, related_name="marks")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("分数"), max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = _("分数")
        verbose_name_plural = _("分数")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "sheet", "item"], name="mark_unique_tenant_sheet_item")
        ]

    def __str__(self) -> str:
        return str(self.value)


class TieDecision(TenantModel):
    """The committee's order of entries the tie-break chain left tied (``scoring.rank``'s decision):
    ``order`` lists their ``Entry`` ids, the higher rank first."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="tie_decisions")
    order = models.JSONField(_("名次顺序"))
    note = models.TextField(_("决定说明"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("记录时间"), default=clock.now)

    class Meta:
        verbose_name = _("同分名次决定")
        verbose_name_plural = _("同分名次决定")
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return str(self.order)
