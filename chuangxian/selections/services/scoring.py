"""Judges' scoring (评委评审): a judge's sheet, the secretary's reminder and the committee's tie
decisions. A judge scores only while the selection is at its scoring stage, never an entry of their
own unit or its subtree (``scoring.recusal``, by the entry's nominating unit), and a submitted sheet
is locked. Lock order: the panel entry (or the panel), then the sheet. The arithmetic is the pure
``scoring`` package; nothing here re-computes it. Setting a panel up is in ``panels``.
"""

from collections.abc import Mapping, Sequence
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import Refused
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member
from chuangxian.orgs.permissions import member_for
from chuangxian.selections.models import EntryStatus, Selection, SelectionStatus, Stage
from chuangxian.selections.models_scoring import (
    Mark,
    Panel,
    PanelEntry,
    Sheet,
    SheetStatus,
    TieDecision,
)
from chuangxian.selections.permissions_scoring import can_judge
from chuangxian.selections.scoring import (
    rank,
    recusal_reason,
    sheet_problems,
    sheet_total,
)
from chuangxian.selections.scoring.errors import raise_problems
from chuangxian.selections.selectors_scoring import (
    board,
    entry_unit,
    panels_of,
    pure_rubric,
    role_units,
    rubric_of,
)
from chuangxian.selections.services._common import SelectionError, _require_office, locked_selection
from chuangxian.selections.services.panels import locked_panel

# Entries still in the running: a withdrawn or removed entry is no longer scored.
SCORABLE_STATUSES = (EntryStatus.NOMINATED, EntryStatus.PASSED)


@transaction.atomic
def sheet_save(
    *, row: PanelEntry, marks: Mapping[str, Decimal | None], submit: bool = False, actor: Actor
) -> Sheet:
    """A judge of the panel saves their sheet for the entry ``row`` (``marks`` by rubric item key,
    ``RubricItem.key``), as a draft (items may be empty) or submitted (every item, locked from then
    on, with its total). Only at the selection's scoring stage; never an entry of the judge's own
    unit or its subtree. Locks the panel entry, then the sheet. Raises Refused 'not_judge',
    'recused'; SelectionError 'wrong_stage', 'no_rubric', 'submitted'; scoring.Invalid listing every
    problem of the marks (``scoring.sheet_problems``)."""
    panel = row.panel
    member = member_for(actor)
    if member is None or member.tenant_id != row.tenant_id or not can_judge(actor, panel):
        raise Refused(_("只有本评审组的评委可以打分。"), code="not_judge")
    # The selection first (a stage move locks it too, so no sheet lands after the scoring stage),
    # then the panel entry, then the sheet.
    selection = locked_selection(panel.selection)
    row = (
        PanelEntry.objects.select_for_update(of=("self",))
        .select_related("panel__selection", "entry__nominating_unit", "entry__member__unit", "entry__unit")
        .get(pk=row.pk, tenant_id=row.tenant_id)
    )
    reason = recusal_reason(
        judge_unit=member.unit, entry_unit=entry_unit(row.entry), role_units=role_units([member])[member.pk]
    )
    if reason is not None:
        raise Refused(reason, code="recused")
    if selection.status != SelectionStatus.OPEN or selection.stage != Stage.SCORING:
        raise SelectionError(code="wrong_stage", message=_("评选不在“评委评审”环节，现在不能打分。"))
    if row.entry.status not in SCORABLE_STATUSES:
        raise SelectionError(
            code="not_in_running",
            message=_("%(name)s已%(status)s，不再评分。")
            % {"name": row.entry.candidate_name, "status": row.entry.get_status_display()},
        )
    items = rubric_of(row.panel)
    if not items:
        raise SelectionError(code="no_rubric", message=_("评审组还没有评分细则，请联系学校工会。"))
    sheet, _created = Sheet.objects.get_or_create(tenant_id=row.tenant_id, panel_entry=row, judge=member)
    sheet = Sheet.objects.select_for_update().get(pk=sheet.pk, tenant_id=sheet.tenant_id)
    if sheet.status == SheetStatus.SUBMITTED:
        raise SelectionError(code="submitted", message=_("您已提交对该推荐对象的评分，不能再修改。"))
    pure = pure_rubric(items)
    raise_problems(sheet_problems(pure, marks, allow_missing=not submit))
    Mark.objects.filter(tenant_id=sheet.tenant_id, sheet=sheet).delete()
    Mark.objects.bulk_create(
        Mark(tenant_id=sheet.tenant_id, sheet=sheet, item=item, value=value)
        for item in items
        if (value := marks.get(item.key)) is not None
    )
    if submit:
        sheet.total = sheet_total(pure, marks)
        sheet.status = SheetStatus.SUBMITTED
        sheet.submitted_at = clock.now()
    sheet.save(update_fields=["total", "status", "submitted_at", "updated_at"])
    audit_record(
        actor=actor,
        action="selections.sheet.submitted" if submit else "selections.sheet.saved",
        target=sheet,
        unit=row.entry.nominating_unit,
        data={"panel": row.panel.name, "entry": row.entry.candidate_name, "total": sheet.total},
    )
    return sheet


@transaction.atomic
def panel_remind(*, panel: Panel, actor: Actor, judge: Member | None = None) -> int:
    """The secretary reminds every judge who still owes sheets (or only ``judge``) with the list of
    entries they owe, once a day each. Locks the panel. Returns the number of judges told. Raises
    Refused 'not_office'; SelectionError 'nothing_owed'."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    state = board(panel)
    names = {row.pk: row.entry.candidate_name for row in state.rows}
    owing = {
        member: state.progress.owed[member.pk]
        for member in state.judges
        if member.pk in state.progress.owed and (judge is None or judge.pk == member.pk)
    }
    if not owing:
        raise SelectionError(code="nothing_owed", message=_("没有需要提醒的评委：应评的都已提交。"))
    told = 0
    for member, rows in owing.items():
        told += len(
            notify(
                tenant_id=panel.tenant_id,
                recipients=[member],
                kind="selections",
                title=_("请完成评分：%(panel)s") % {"panel": panel.name},
                body=_("您还有 %(n)d 个参评对象未提交评分：%(names)s。")
                % {"n": len(rows), "names": "、".join(names[r] for r in rows)},
                url=reverse("selections:judge_panel", args=[panel.pk]),
                key=f"panel:{panel.pk}:remind:{clock.today().isoformat()}",
            )
        )
    audit_record(
        actor=actor,
        action="selections.panel.reminded",
        target=panel,
        data={"judges": [member.name for member in owing], "told": told},
    )
    return told


@transaction.atomic
def tie_decide(*, panel: Panel, order: Sequence[int], note: str, actor: Actor) -> TieDecision:
    """The secretary records the committee's order of a set of entries the tie-break chain leaves
    tied (``order``: their Entry ids, the higher rank first), with a note; a later decision on the
    same set replaces it. Locks the panel. Raises Refused 'not_office'; SelectionError
    'note_required', 'not_a_tie'."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    note = note.strip()
    if not note:
        raise SelectionError(
            code="note_required", message=_("请写明评审委员会的决定（如会议及表决情况）。"), field="note"
        )
    state = board(panel)
    undecided = rank({e: state.totals[r.pk] for e, r in state.by_entry.items()}, tie_break=panel.tie_break)
    ids = [int(i) for i in order]
    if not any(sorted(tie.entries) == sorted(ids) and len(set(ids)) == len(ids) for tie in undecided.ties):
        raise SelectionError(
            code="not_a_tie",
            message=_("只能为同分且按同分排序规则仍无法区分的参评对象决定名次，并须列出其中每一个。"),
        )
    decision = TieDecision.objects.create(
        tenant_id=panel.tenant_id, panel=panel, order=ids, note=note, recorded_by=login_of(actor)
    )
    names = {e: r.entry.candidate_name for e, r in state.by_entry.items()}
    audit_record(
        actor=actor,
        action="selections.panel.tie_decided",
        target=panel,
        data={"order": [names[i] for i in ids], "note": note},
    )
    return decision


def scoring_exit_refusal(selection: Selection) -> SelectionError | None:
    """Why the selection may not leave its scoring stage forward yet (None: it may): a sheet still
    due from a judge (named with how many), or an entry every judge of its panel is recused from.
    Registered with ``runs.register_exit_check`` (``apps_scoring``); the office may still move the
    stage with a reason (``selection_stage_set``)."""
    owed: list[str] = []
    unscorable: list[str] = []
    for panel in panels_of(selection):
        state = board(panel)
        names = {row.pk: row.entry.candidate_name for row in state.rows}
        owed.extend(
            _("%(judge)s（%(panel)s，%(n)d 个）") % {"judge": j.name, "panel": panel.name, "n": len(rows)}
            for j in state.judges
            if (rows := state.progress.owed.get(j.pk))
        )
        unscorable.extend(names[row] for row in state.progress.unscorable)
    if unscorable:
        return SelectionError(
            code="unscorable",
            message=_(
                "以下参评对象的评委全部回避，无人评分：%(names)s。请为其评审组增加评委后再进入下一环节。"
            )
            % {"names": "、".join(unscorable)},
        )
    if owed:
        return SelectionError(
            code="sheets_pending",
            message=_("以下评委还有未提交的评分：%(names)s。请提醒评委提交后再进入下一环节。")
            % {"names": "、".join(owed)},
        )
    return None
