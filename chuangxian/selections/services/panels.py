"""Setting a judges' panel up (评审组): its creation and settings, rubric, entries and judges, by the
selection's manager — the school's campaign office, the panel secretary — while the selection has a
scoring stage and is not finished. Judges are ``GrantKind.JUDGE`` grants on the panel
(``grants.services``, audited there too). Each service locks the panel (or the selection, to create
one). The judges' sheets, reminders and tie decisions are in ``scoring``.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import grants_on
from chuangxian.grants.services import grant_create, grant_revoke
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.selections.models import Entry, Selection, SelectionStatus, Stage
from chuangxian.selections.models_scoring import (
    Mark,
    Panel,
    PanelEntry,
    Round,
    RubricItem,
    Sheet,
    SheetStatus,
)
from chuangxian.selections.scoring import (
    DEFAULT_TIE_BREAK,
    rubric_problems,
    tie_break_check,
)
from chuangxian.selections.scoring import (
    RubricItem as PureItem,
)
from chuangxian.selections.scoring.errors import raise_problems
from chuangxian.selections.selectors_scoring import (
    SCORABLE_STATUSES,
    panel_entries,
    rubric_of,
)
from chuangxian.selections.services._common import SelectionError, _require_office, locked_selection
from chuangxian.selections.services.panel_settings import (
    SETTINGS_FIELDS,
    CompetitionSettings,
    panel_values_check,
    settings_apply,
    settings_of,
    settings_shown,
)


def locked_panel(panel: Panel) -> Panel:
    """The panel's selection, then the panel, locked: a stage move, a sheet and the other panels'
    settings of the same selection wait for each other (two panels cannot both take one entry)."""
    locked_selection(panel.selection)
    return (
        Panel.objects.select_for_update(of=("self",))
        .select_related("selection__type")
        .get(pk=panel.pk, tenant_id=panel.tenant_id)
    )


def _require_setup(selection: Selection) -> None:
    if Stage.SCORING not in selection.stages:
        raise SelectionError(code="no_scoring", message=_("该评选没有“评委评审”环节，不能设评审组。"))
    if selection.status == SelectionStatus.FINISHED:
        raise SelectionError(code="finished", message=_("该评选已结束，不能再修改评审组。"))


@transaction.atomic
def panel_create(
    *,
    selection: Selection,
    name: str,
    tie_break: Sequence[str] = DEFAULT_TIE_BREAK,
    advance_count: int | None = None,
    competition: CompetitionSettings | None = None,
    actor: Actor,
) -> Panel:
    """The office creates a panel of ``selection`` (which has a scoring stage and is not finished),
    with every entry still in the selection that no other panel of the same round has (a final
    panel starts empty: its entries come from the preliminary panels, ``competition.panel_promote``).
    ``competition``: round, group, the panel advanced to, overtime (``panel_settings``). Locks the
    selection. Raises Refused 'not_office'; SelectionError 'no_scoring', 'finished'; one problem
    as itself or several as scoring.Invalid: 'name_required', 'name_taken', 'bad_advance_count',
    ``panel_settings.settings_problems``' codes; ScoringError 'bad_tie_break'."""
    _require_office(actor, selection.tenant_id)
    selection = locked_selection(selection)
    _require_setup(selection)
    settings = competition or CompetitionSettings()
    chain = list(tie_break_check(tie_break))
    name = panel_values_check(selection, None, name, advance_count, settings)
    panel = Panel(
        tenant_id=selection.tenant_id,
        selection=selection,
        name=name,
        tie_break=chain,
        advance_count=advance_count,
        created_by=login_of(actor),
    )
    settings_apply(panel, settings)
    panel.save()
    rows: list[PanelEntry] = []
    if panel.round != Round.FINAL:
        taken = PanelEntry.objects.filter(
            tenant_id=selection.tenant_id, panel__selection=selection, panel__round=panel.round
        ).values("entry_id")
        entries = Entry.objects.filter(
            tenant_id=selection.tenant_id, selection=selection, status__in=SCORABLE_STATUSES
        ).exclude(pk__in=taken)
        rows = PanelEntry.objects.bulk_create(
            PanelEntry(tenant_id=selection.tenant_id, panel=panel, entry=entry, position=number)
            for number, entry in enumerate(entries.order_by("nominated_at", "pk"), start=1)
        )
    audit_record(
        actor=actor,
        action="selections.panel.created",
        target=panel,
        data={
            "selection": selection.title,
            "entries": len(rows),
            "tie_break": panel.tie_break,
            **settings_shown(panel),
        },
    )
    return panel


@transaction.atomic
def panel_update(
    *,
    panel: Panel,
    name: str,
    tie_break: Sequence[str],
    advance_count: int | None,
    competition: CompetitionSettings | None = None,
    actor: Actor,
) -> Panel:
    """The office renames a panel, or changes its tie-break chain, its number of places or (with
    ``competition``; None leaves them) its round, group, target and overtime rule. Locks the panel.
    Raises as ``panel_create``."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    _require_setup(panel.selection)
    settings = competition or settings_of(panel)
    chain = list(tie_break_check(tie_break))
    name = panel_values_check(panel.selection, panel, name, advance_count, settings)
    before = {
        "name": panel.name,
        "tie_break": panel.tie_break,
        "advance_count": panel.advance_count,
        **settings_shown(panel),
    }
    panel.name = name
    panel.tie_break = chain
    panel.advance_count = advance_count
    settings_apply(panel, settings)
    panel.save(update_fields=["name", "tie_break", "advance_count", *SETTINGS_FIELDS, "updated_at"])
    after = {
        "name": panel.name,
        "tie_break": panel.tie_break,
        "advance_count": panel.advance_count,
        **settings_shown(panel),
    }
    changes = {key: [before[key], after[key]] for key in before if before[key] != after[key]}
    audit_record(actor=actor, action="selections.panel.updated", target=panel, changes=changes)
    return panel


@dataclass(frozen=True)
class RubricLine:
    """One rubric item as the office writes it."""

    name: str
    maximum: Decimal
    minimum: Decimal = Decimal(0)
    description: str = ""


@transaction.atomic
def panel_rubric_set(*, panel: Panel, items: Sequence[RubricLine], actor: Actor) -> list[RubricItem]:
    """The office sets the panel's whole rubric (in order), until the first mark is given. Locks the
    panel. Raises Refused 'not_office'; SelectionError 'no_scoring', 'finished', 'rubric_in_use';
    scoring.Invalid listing every problem of ``scoring.rubric_problems``."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    _require_setup(panel.selection)
    if Mark.objects.filter(tenant_id=panel.tenant_id, sheet__panel_entry__panel=panel).exists():
        raise SelectionError(code="rubric_in_use", message=_("评委已经开始打分，评分细则不能再修改。"))
    lines = [RubricLine(i.name.strip(), i.maximum, i.minimum, i.description.strip()) for i in items]
    raise_problems(rubric_problems([PureItem(i.name, i.name, i.maximum, i.minimum) for i in lines]))
    RubricItem.objects.filter(tenant_id=panel.tenant_id, panel=panel).delete()
    rows = RubricItem.objects.bulk_create(
        RubricItem(
            tenant_id=panel.tenant_id,
            panel=panel,
            name=line.name,
            description=line.description,
            minimum=line.minimum,
            maximum=line.maximum,
            position=number,
        )
        for number, line in enumerate(lines, start=1)
    )
    audit_record(
        actor=actor,
        action="selections.panel.rubric_set",
        target=panel,
        data={"items": [f"{r.name} {PureItem('', '', r.maximum, r.minimum).range_text}" for r in rows]},
    )
    return rubric_of(panel)


@transaction.atomic
def panel_entries_set(*, panel: Panel, entries: Sequence[Entry], actor: Actor) -> list[PanelEntry]:
    """The office sets which entries the panel scores: entries of its selection still in it, in no
    other panel of the same round; an entry a judge has begun to score stays; a change clears the
    drawn order (``competition.panel_draw`` again). Locks the panel.
    Raises Refused 'not_office'; SelectionError 'no_scoring', 'finished', 'not_scorable',
    'other_panel', 'entry_scored'."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    selection = panel.selection
    _require_setup(selection)
    wanted = {entry.pk: entry for entry in entries}
    bad = [
        e.candidate_name
        for e in wanted.values()
        if e.tenant_id != panel.tenant_id
        or e.selection_id != selection.pk
        or e.status not in SCORABLE_STATUSES
    ]
    if bad:
        raise SelectionError(
            code="not_scorable",
            message=_("以下推荐对象不在本评选中或已未通过：%(names)s。") % {"names": "、".join(bad)},
        )
    elsewhere = list(
        PanelEntry.objects.filter(
            tenant_id=panel.tenant_id,
            panel__selection=selection,
            panel__round=panel.round,
            entry_id__in=wanted,
        )
        .exclude(panel=panel)
        .values_list("entry__candidate_name", "panel__name")
    )
    if elsewhere:
        raise SelectionError(
            code="other_panel",
            message=_("以下推荐对象已在其他评审组：%(names)s。")
            % {"names": "、".join(f"{name}（{where}）" for name, where in elsewhere)},
        )
    current = {row.entry_id: row for row in panel_entries(panel)}
    dropped = [row for entry_id, row in current.items() if entry_id not in wanted]
    scored = [
        row.entry.candidate_name
        for row in dropped
        if Sheet.objects.filter(tenant_id=panel.tenant_id, panel_entry=row).exists()
    ]
    if scored:
        raise SelectionError(
            code="entry_scored",
            message=_("评委已经开始为以下推荐对象打分，不能移出：%(names)s。") % {"names": "、".join(scored)},
        )
    PanelEntry.objects.filter(tenant_id=panel.tenant_id, pk__in=[row.pk for row in dropped]).delete()
    start = max((row.position or 0 for row in current.values()), default=0)
    added = [entry for entry_id, entry in wanted.items() if entry_id not in current]
    PanelEntry.objects.bulk_create(
        PanelEntry(tenant_id=panel.tenant_id, panel=panel, entry=entry, position=start + number)
        for number, entry in enumerate(added, start=1)
    )
    redraw = bool(panel.drawn_at and (added or dropped))
    if redraw:  # the drawn order is no longer the order of these entries: the office draws again
        panel.draw_seed, panel.drawn_at, panel.drawn_by = "", None, None
        panel.save(update_fields=["draw_seed", "drawn_at", "drawn_by", "updated_at"])
    audit_record(
        actor=actor,
        action="selections.panel.entries_set",
        target=panel,
        data={
            "added": [e.candidate_name for e in added],
            "removed": [row.entry.candidate_name for row in dropped],
            **({"draw_cleared": True} if redraw else {}),
        },
    )
    return panel_entries(panel)


@transaction.atomic
def panel_judges_set(*, panel: Panel, members: Sequence[Member], actor: Actor) -> Panel:
    """The office makes the panel's judges exactly ``members`` (members of the school): a judge's
    grant on the panel from today for each new one, taken back from each no longer named unless
    they have submitted a sheet; each new judge is told (a notification with the link to their
    list). Locks the panel. Raises Refused 'not_office'; SelectionError
    'no_scoring', 'finished', 'wrong_tenant', 'not_active', 'judge_scored'."""
    _require_office(actor, panel.tenant_id)
    panel = locked_panel(panel)
    _require_setup(panel.selection)
    named = {member.pk: member for member in members}
    if any(member.tenant_id != panel.tenant_id for member in named.values()):
        raise SelectionError(code="wrong_tenant", message=_("评委必须是本校会员。"), field="judges")
    current = {
        grant.member_id: grant
        for grant in grants_on(panel)
        .select_for_update()
        .filter(kind=GrantKind.JUDGE, revoked_at__isnull=True, member__isnull=False)
        .select_related("member")
        .order_by("pk")
    }
    leaving = [grant for member_id, grant in current.items() if member_id not in named]
    scored = list(
        Sheet.objects.filter(
            tenant_id=panel.tenant_id,
            panel_entry__panel=panel,
            status=SheetStatus.SUBMITTED,
            judge_id__in=[grant.member_id for grant in leaving],
        )
        .values_list("judge__name", flat=True)
        .distinct()
    )
    if scored:
        raise SelectionError(
            code="judge_scored",
            message=_("以下评委已经提交了评分，不能取消：%(names)s。") % {"names": "、".join(scored)},
            field="judges",
        )
    for grant in leaving:
        grant_revoke(grant=grant, actor=actor)
    added = [member for member_id, member in named.items() if member_id not in current]
    gone = [member.name for member in added if member.status != MemberStatus.ACTIVE]
    if gone:  # a judge is a serving member of the school
        raise SelectionError(
            code="not_active",
            message=_("以下人员已不在职，不能担任评委：%(names)s。") % {"names": "、".join(gone)},
            field="judges",
        )
    for member in added:
        grant_create(kind=GrantKind.JUDGE, target=panel, member=member, starts_on=clock.today(), actor=actor)
    notify(
        tenant_id=panel.tenant_id,
        recipients=added,
        kind="selections",
        title=_("您已被聘为评委：%(panel)s") % {"panel": panel.name},
        body=_("评选：%(selection)s。评委评审环节开始后，请在手机上打开“评委打分”为参评对象打分。")
        % {"selection": panel.selection.title},
        url=reverse("selections:judge_panel", args=[panel.pk]),
        key=f"panel:{panel.pk}:judge",
    )
    audit_record(
        actor=actor,
        action="selections.panel.judges_set",
        target=panel,
        data={"judges": [member.name for member in named.values()]},
    )
    return panel
