"""Teaching competitions (教学竞赛) on the judges' panels: the default rubric, the recorded draw of the
presentation order, the timed lecture with its overtime deduction, and the promotion of each group's
best to the final.

A competition is a members' selection with a scoring stage; each panel is one group (组别) of one
round (``Round``). Everything here is done by the panel's secretary, the school's campaign office
(``permissions_scoring.can_manage_panel``), never by a judge. Every service locks the selection,
then the panel (``panels.locked_panel``: a stage move and a judge's sheet wait for it), checks,
writes and records one audit entry. The arithmetic is the pure ``scoring`` package: ``draw`` for the
order, ``marks.overtime_deduction`` for the time, ``ranking.top_n`` for who advances.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.selections.models import SelectionStatus, Stage
from chuangxian.selections.models_scoring import Panel, PanelEntry, Round, Sheet
from chuangxian.selections.scoring import draw_order, overtime_deduction, seed_new, top_n
from chuangxian.selections.selectors_scoring import (
    SCORABLE_STATUSES,
    board,
    overtime_rule,
    panel_entries,
    rubric_of,
)
from chuangxian.selections.services._common import SelectionError, _require_office
from chuangxian.selections.services.panels import RubricLine, locked_panel, panel_rubric_set

# The teaching competition's default sheet (``scoring.TEACHING_RUBRIC``), with what each item asks.
COMPETITION_RUBRIC = (
    RubricLine(
        "教学设计",
        Decimal(15),
        description="教学目标明确，内容安排合理，方法手段得当，教学设计方案规范完整。",
    ),
    RubricLine(
        "课堂教学",
        Decimal(80),
        description="讲授准确，重点突出，思路清晰，理论联系实际，启发学生思维；"
        "语言规范，板书与多媒体运用得当，时间把握合理。",
    ),
    RubricLine(
        "教学反思",
        Decimal(5),
        description="从教学理念、方法和过程反思本节课，联系实际，有改进的办法。",
    ),
)
SEED_MAX = 64  # Panel.draw_seed's length


def _scoring_started(panel: Panel) -> bool:
    """A judge has a sheet (even a draft) or a lecture has begun or been timed: the order is in use."""
    return (
        Sheet.objects.filter(tenant_id=panel.tenant_id, panel_entry__panel=panel).exists()
        or PanelEntry.objects.filter(tenant_id=panel.tenant_id, panel=panel)
        .filter(Q(started_at__isnull=False) | Q(duration_seconds__isnull=False))
        .exists()
    )


def _require_open(panel: Panel) -> None:
    if panel.selection.status == SelectionStatus.FINISHED:
        raise SelectionError(code="finished", message=_("该评选已结束。"))


@transaction.atomic
def panel_rubric_default(*, panel: Panel, actor: Actor) -> Panel:
    """The office fills an empty rubric with the teaching competition's default sheet
    (``COMPETITION_RUBRIC``: 教学设计 15, 课堂教学 80, 教学反思 5, with what each asks). Locks the
    panel. Raises Refused 'not_office'; SelectionError 'rubric_set' (the rubric has items: edit it
    instead), and ``panels.panel_rubric_set``'s refusals; its audit entry is the record."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    if rubric_of(panel):
        raise SelectionError(code="rubric_set", message=_("本评审组已有评分细则，请在“评分细则”页修改。"))
    panel_rubric_set(panel=panel, items=COMPETITION_RUBRIC, actor=actor)
    return panel


def _seed(panel: Panel, typed: str) -> str:
    """The seed as recorded: the one typed (e.g. read out in the room), or the competition, round and
    group in front of a fresh random value, so two draws never share a seed."""
    typed = typed.strip()
    if typed:
        if len(typed) > SEED_MAX:
            raise SelectionError(
                code="seed_too_long",
                message=_("抽签种子最多 %(n)d 个字符。") % {"n": SEED_MAX},
                field="seed",
            )
        return typed
    return f"S{panel.selection_id}-R{panel.round}-P{panel.pk}-{seed_new()}"


@transaction.atomic
def panel_draw(*, panel: Panel, actor: Actor, seed: str = "") -> Panel:
    """The office draws the presentation order (抽签) of the panel's entries: every entry's position
    is its place in ``scoring.draw_order`` of their Entry ids under the seed (``seed``, or a new
    random one), recorded with who drew and when so anyone can reproduce the order. Before any
    judge has a sheet and any lecture has begun; drawing again before that replaces the order.
    Locks the selection, then the panel. Raises Refused 'not_office'; SelectionError 'finished',
    'no_entries', 'scoring_started', 'seed_too_long'."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    _require_open(panel)
    rows = panel_entries(panel)
    if not rows:
        raise SelectionError(code="no_entries", message=_("本评审组还没有参评对象，不能抽签。"))
    if _scoring_started(panel):
        raise SelectionError(
            code="scoring_started",
            message=_("评委已经开始评分或讲课已经开始，出场顺序不能再抽签更改。"),
        )
    recorded = _seed(panel, seed)
    order = draw_order([row.entry_id for row in rows], recorded)
    place = {entry_id: number for number, entry_id in enumerate(order, start=1)}
    for row in rows:
        row.position = place[row.entry_id]
    PanelEntry.objects.bulk_update(rows, ["position"])
    replaced = panel.draw_seed
    panel.draw_seed, panel.drawn_at, panel.drawn_by = recorded, clock.now(), login_of(actor)
    panel.save(update_fields=["draw_seed", "drawn_at", "drawn_by", "updated_at"])
    names = {row.entry_id: row.entry.candidate_name for row in rows}
    audit_record(
        actor=actor,
        action="selections.panel.drawn",
        target=panel,
        data={
            "seed": recorded,
            "order": [f"{names[e]}（{e}）" for e in order],
            **({"replaced": replaced} if replaced else {}),
        },
    )
    return panel


def _locked_row(row: PanelEntry) -> tuple[Panel, PanelEntry]:
    panel = locked_panel(row.panel)
    locked = (
        PanelEntry.objects.select_for_update(of=("self",))
        .select_related("entry")
        .get(pk=row.pk, tenant_id=row.tenant_id, panel=panel)
    )
    return panel, locked


def _require_scoring(panel: Panel) -> None:
    selection = panel.selection
    if selection.status != SelectionStatus.OPEN or selection.stage != Stage.SCORING:
        raise SelectionError(code="wrong_stage", message=_("评选不在“评委评审”环节，不能开始或结束讲课。"))


@transaction.atomic
def lecture_start(*, row: PanelEntry, actor: Actor) -> PanelEntry:
    """The secretary starts the lecture of ``row``'s entry: it is on stage (``Panel.current``) from
    now (``started_at``). At the scoring stage, one lecture at a time, once per entry. Locks the
    selection, the panel, then the row. Raises Refused 'not_office'; SelectionError 'wrong_stage',
    'not_in_running', 'lecture_running' (naming the entry on stage), 'lecture_done'."""
    _require_office(actor, row.tenant_id)
    panel, row = _locked_row(row)
    _require_scoring(panel)
    if row.entry.status not in SCORABLE_STATUSES:
        raise SelectionError(
            code="not_in_running",
            message=_("%(name)s已%(status)s，不再参赛。")
            % {"name": row.entry.candidate_name, "status": row.entry.get_status_display()},
        )
    if panel.current_id is not None:
        on_stage = PanelEntry.objects.select_related("entry").get(
            tenant_id=panel.tenant_id, pk=panel.current_id
        )
        raise SelectionError(
            code="lecture_running",
            message=_("%(name)s的讲课还没有结束，请先结束再开始下一位。")
            % {"name": on_stage.entry.candidate_name},
        )
    if row.started_at is not None or row.duration_seconds is not None:
        raise SelectionError(
            code="lecture_done",
            message=_("%(name)s已经讲过课；用时有误的，请直接录入用时更正。")
            % {"name": row.entry.candidate_name},
        )
    row.started_at = clock.now()
    row.save(update_fields=["started_at"])
    panel.current = row
    panel.save(update_fields=["current", "updated_at"])
    audit_record(
        actor=actor,
        action="selections.lecture.started",
        target=panel,
        data={"entry": row.entry.candidate_name, "position": row.position},
    )
    return row


@transaction.atomic
def lecture_end(*, row: PanelEntry, actor: Actor, duration_seconds: int | None = None) -> PanelEntry:
    """The secretary ends the lecture of ``row``'s entry, or records (corrects) its time: the time is
    ``duration_seconds`` as the timekeeper typed it, else the time since the start (whole seconds,
    rounded down); the deduction is ``scoring.overtime_deduction`` under the panel's rule (0
    without one), stored on the row, and taken off every judge's total (``selectors_scoring.board``).
    The entry leaves the stage. At the scoring stage. Locks the selection, the panel, then the row.
    Raises Refused 'not_office'; SelectionError 'wrong_stage', 'duration_required' (a lecture not
    started needs the typed time), 'bad_duration'."""
    _require_office(actor, row.tenant_id)
    panel, row = _locked_row(row)
    _require_scoring(panel)
    if duration_seconds is not None and not 0 <= duration_seconds <= 24 * 3600:
        raise SelectionError(
            code="bad_duration", message=_("用时应在 0 秒到 24 小时之间。"), field="duration"
        )
    if duration_seconds is None:
        if row.started_at is None or panel.current_id != row.pk:
            raise SelectionError(
                code="duration_required",
                message=_("%(name)s的讲课没有在计时中，请录入用时。") % {"name": row.entry.candidate_name},
                field="duration",
            )
        duration_seconds = max((clock.now() - row.started_at) // timedelta(seconds=1), 0)
    rule = overtime_rule(panel)
    before = [row.duration_seconds, str(row.deduction)]
    row.duration_seconds = duration_seconds
    row.deduction = overtime_deduction(duration_seconds, rule) if rule else Decimal(0)
    row.save(update_fields=["duration_seconds", "deduction"])
    ended = panel.current_id == row.pk
    if ended:
        panel.current = None
        panel.save(update_fields=["current", "updated_at"])
    audit_record(
        actor=actor,
        action="selections.lecture.ended" if ended else "selections.lecture.timed",
        target=panel,
        data={
            "entry": row.entry.candidate_name,
            "duration": duration_seconds,
            "deduction": str(row.deduction),
            **({"before": before} if before[0] is not None else {}),
        },
    )
    return row


@transaction.atomic
def panel_promote(*, panel: Panel, actor: Actor) -> list[PanelEntry]:
    """The office advances the preliminary panel's top ``advance_count`` (``scoring.top_n`` of the
    board's ranking, deductions and recorded tie decisions included) to the panel it ``advances_to``:
    a row there for each, after the rows it has (several groups feed one final; the final draws its
    order afterwards). Only once every sheet due is in and no tie straddles the cut. Idempotent: an
    entry already in the final is not added twice. Locks the selection, then the panel (the final
    panel is of the same selection, so under the same selection lock). Raises Refused 'not_office';
    SelectionError 'finished', 'no_target', 'no_advance_count', 'sheets_pending', 'tie_at_cut'
    (naming the tied entries), 'target_started' (the final's scoring or lectures have begun)."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    _require_open(panel)
    target = panel.advances_to
    if target is None or panel.round != Round.PRELIMINARY:
        raise SelectionError(code="no_target", message=_("本评审组没有设置晋级到的决赛评审组。"))
    if not panel.advance_count:
        raise SelectionError(code="no_advance_count", message=_("请先在设置中填写晋级名额。"))
    state = board(panel)
    if not state.progress.complete:
        raise SelectionError(
            code="sheets_pending",
            message=_("本组还有评委未提交评分（或有参评对象无人可评），全部评完后才能确定晋级名单。"),
        )
    cut = top_n(state.ranking, panel.advance_count)
    names = {row.entry_id: row.entry.candidate_name for row in state.rows}
    if not cut.settled:
        raise SelectionError(
            code="tie_at_cut",
            message=_(
                "%(names)s在晋级线上并列（还剩 %(n)d 个名额），请先由评审委员会决定名次并在评审组页记录。"
            )
            % {"names": "、".join(names[e] for e in cut.tied_at_cut), "n": cut.seats_left},
        )
    target = Panel.objects.select_for_update().get(tenant_id=panel.tenant_id, pk=target.pk)
    have = {row.entry_id: row for row in panel_entries(target)}
    new = [e for e in cut.advancing if e not in have]
    if new and _scoring_started(target):
        raise SelectionError(
            code="target_started",
            message=_("“%(target)s”已经开始评分或讲课，不能再加入晋级的参评对象。") % {"target": target.name},
        )
    start = max((row.position or 0 for row in have.values()), default=0)
    added = PanelEntry.objects.bulk_create(
        PanelEntry(tenant_id=panel.tenant_id, panel=target, entry_id=entry_id, position=start + number)
        for number, entry_id in enumerate(new, start=1)
    )
    if added and target.drawn_at:  # the drawn order no longer covers every entry: draw again
        target.draw_seed, target.drawn_at, target.drawn_by = "", None, None
        target.save(update_fields=["draw_seed", "drawn_at", "drawn_by", "updated_at"])
    audit_record(
        actor=actor,
        action="selections.panel.promoted",
        target=panel,
        data={
            "target": target.name,
            "advancing": [names[e] for e in cut.advancing],
            "added": [names[e] for e in new],
        },
    )
    return [have[e] if e in have else next(r for r in added if r.entry_id == e) for e in cut.advancing]
