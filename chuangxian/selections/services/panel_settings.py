"""A panel's settings checked whole, so the panel form shows every problem at once: its name and
places (``panel_values_check``) and its teaching-competition settings (教学竞赛): its round, group,
the panel its best advance to, and the overtime rule (``settings_problems``).

Rounds: a preliminary panel (初赛, one per group) may advance its top ``advance_count`` to a final
panel (决赛) of the same selection; several groups may feed one final. Only a preliminary panel
advances, and only to a final one, so a chain of panels has at most two links and never a cycle;
the cycle check below states the promise on its own (a panel never advances, directly or through
others, to itself). The overtime rule (``scoring.OvertimeRule``) is fixed once a lecture has been
timed: the deductions already stored were computed under it.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from chuangxian.core.errors import DomainError
from chuangxian.selections.models import Selection
from chuangxian.selections.models_scoring import Panel, PanelEntry, Round
from chuangxian.selections.scoring import Invalid, OvertimeRule, ScoringError
from chuangxian.selections.selectors_scoring import overtime_rule
from chuangxian.selections.services._common import SelectionError


@dataclass(frozen=True)
class CompetitionSettings:
    """What the panel form sets beyond the name, tie-break and places (defaults: a plain panel)."""

    round: int = Round.ONLY
    group: str = ""
    advances_to: Panel | None = None
    overtime: OvertimeRule | None = None


def settings_of(panel: Panel) -> CompetitionSettings:
    return CompetitionSettings(panel.round, panel.group, panel.advances_to, overtime_rule(panel))


def overtime_from(
    limit_seconds: int | None,
    per_minute: Decimal | None,
    cap: Decimal | None = None,
    grace_seconds: int | None = None,
) -> OvertimeRule | None:
    """The rule the form's fields describe: none without a limit; ``bad_overtime`` for a limit without
    a deduction per minute, or a deduction or cap without a limit, or the rule's own refusals."""
    if limit_seconds is None:
        if per_minute is not None or cap is not None or grace_seconds:
            raise ScoringError(
                code="bad_overtime",
                message=_("设置超时扣分须填写规定时长；不扣分的，请把扣分项都留空。"),
                field="overtime_limit",
            )
        return None
    if per_minute is None:
        raise ScoringError(
            code="bad_overtime", message=_("请填写每超时一分钟扣多少分。"), field="overtime_per_minute"
        )
    return OvertimeRule(limit_seconds, per_minute, cap, grace_seconds or 0)


def _problem(code: str, message: str, field: str) -> ScoringError:
    return ScoringError(code=code, message=message, field=field)


def settings_problems(
    selection: Selection,
    panel: Panel | None,
    settings: CompetitionSettings,
    advance_count: int | None,
) -> list[ScoringError]:
    """Every problem of ``settings`` for ``panel`` (None: a panel being created) of ``selection``.

    Codes: ``bad_round``; ``bad_target`` (another selection's panel), ``target_cycle`` (the target
    advances, directly or through others, back to this panel), ``bad_target_round`` (only a
    preliminary panel advances, only to a final one), ``advance_count_required`` (a panel that
    advances says how many), ``fed_round`` (a panel others advance to stays a final one);
    ``group_too_long``; ``overtime_in_use`` (a lecture has been timed under the rule in force)."""
    problems: list[ScoringError] = []
    if settings.round not in Round.values:
        problems.append(_problem("bad_round", _("请选择轮次。"), "round"))
    target = settings.advances_to
    if target is not None:
        if target.tenant_id != selection.tenant_id or target.selection_id != selection.pk:
            problems.append(_problem("bad_target", _("晋级到的评审组须是本评选的评审组。"), "advances_to"))
        elif panel is not None and _reaches(target, panel):
            problems.append(
                _problem(
                    "target_cycle",
                    _("“%(target)s”会晋级回本评审组，晋级不能循环。") % {"target": target.name},
                    "advances_to",
                )
            )
        elif settings.round != Round.PRELIMINARY or target.round != Round.FINAL:
            problems.append(
                _problem(
                    "bad_target_round",
                    _("只有初赛评审组可以设置晋级，且只能晋级到决赛评审组（“%(target)s”是%(round)s）。")
                    % {"target": target.name, "round": Round(target.round).label},
                    "advances_to",
                )
            )
        if advance_count is None:
            problems.append(
                _problem(
                    "advance_count_required",
                    _("设置了晋级到的评审组，请填写每组晋级名额（入选名额）。"),
                    "advance_count",
                )
            )
    if panel is not None and settings.round != Round.FINAL:
        feeders = list(
            Panel.objects.filter(tenant_id=panel.tenant_id, advances_to=panel).values_list("name", flat=True)
        )
        if feeders:
            problems.append(
                _problem(
                    "fed_round",
                    _("%(names)s晋级到本评审组，本评审组须为决赛。") % {"names": "、".join(feeders)},
                    "round",
                )
            )
    if len(settings.group) > 50:
        problems.append(_problem("group_too_long", _("组别最多 50 个字。"), "group"))
    if panel is not None and settings.overtime != settings_of(panel).overtime and _timed(panel):
        problems.append(
            _problem(
                "overtime_in_use",
                _("已有讲课按现行规则计时扣分，超时扣分规则不能再修改。"),
                "overtime_limit",
            )
        )
    return problems


def _reaches(start: Panel, panel: Panel) -> bool:
    """Whether following ``advances_to`` from ``start`` arrives at ``panel`` (or starts there)."""
    seen: set[int] = set()
    node: Panel | None = start
    while node is not None and node.pk not in seen:
        if node.pk == panel.pk:
            return True
        seen.add(node.pk)
        node = node.advances_to
    return False


def _timed(panel: Panel) -> bool:
    return PanelEntry.objects.filter(
        tenant_id=panel.tenant_id, panel=panel, duration_seconds__isnull=False
    ).exists()


def settings_apply(panel: Panel, settings: CompetitionSettings) -> None:
    """Copy ``settings`` onto ``panel`` (not saved)."""
    rule = settings.overtime
    panel.round = settings.round
    panel.group = settings.group.strip()
    panel.advances_to = settings.advances_to
    panel.overtime_limit_seconds = rule.limit_seconds if rule else None
    panel.overtime_per_minute = rule.per_minute if rule else None
    panel.overtime_cap = rule.cap if rule else None
    panel.overtime_grace_seconds = (rule.grace_seconds or None) if rule else None


SETTINGS_FIELDS = [
    "round",
    "group",
    "advances_to",
    "overtime_limit_seconds",
    "overtime_per_minute",
    "overtime_cap",
    "overtime_grace_seconds",
]


def _name(name: str, selection: Selection, panel: Panel | None = None) -> str:
    name = name.strip()
    if not name:
        raise SelectionError(code="name_required", message=_("请填写评审组名称。"), field="name")
    same = Panel.objects.filter(tenant_id=selection.tenant_id, selection=selection, name=name)
    if panel is not None:
        same = same.exclude(pk=panel.pk)
    if same.exists():
        raise SelectionError(code="name_taken", message=_("本评选中已有同名的评审组。"), field="name")
    return name


def _advance_count(value: int | None) -> int | None:
    if value is not None and value < 1:
        raise SelectionError(
            code="bad_advance_count", message=_("入选名额应为正整数，或留空。"), field="advance_count"
        )
    return value


def panel_values_check(
    selection: Selection,
    panel: Panel | None,
    name: str,
    advance_count: int | None,
    settings: CompetitionSettings,
) -> str:
    """The name to save, or every problem of the form's values at once (``panel_settings.raise_all``)."""
    problems: list[DomainError] = []
    try:
        name = _name(name, selection, panel)
    except SelectionError as error:
        problems.append(error)
    try:
        _advance_count(advance_count)
    except SelectionError as error:
        problems.append(error)
    problems.extend(settings_problems(selection, panel, settings, advance_count))
    raise_all(problems)
    return name


def settings_shown(panel: Panel) -> dict[str, object]:
    """The competition settings as the audit log keeps them."""
    return {
        "round": panel.round,
        "group": panel.group,
        "advances_to": panel.advances_to.name if panel.advances_to else "",
        "overtime": [
            panel.overtime_limit_seconds,
            str(panel.overtime_per_minute or ""),
            str(panel.overtime_cap or ""),
            panel.overtime_grace_seconds,
        ],
    }


def raise_all(problems: list[DomainError]) -> None:
    """Raise the one problem as it is, several together as ``scoring.Invalid`` (the form shows each)."""
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise Invalid(
            [
                p
                if isinstance(p, ScoringError)
                else ScoringError(code=p.code, message=p.message, field=p.field)
                for p in problems
            ]
        )
