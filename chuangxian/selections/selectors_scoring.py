"""Reads of the judges' scoring shared by the services, the pages and the export.

Every function does a fixed number of queries whatever the number of judges, entries and sheets
(the pages' query counts are tested at two sizes); the arithmetic is the pure ``scoring`` package.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from chuangxian.core.actors import Actor
from chuangxian.grants.models import Grant, GrantKind
from chuangxian.grants.permissions import in_force
from chuangxian.grants.selectors import grant_holders
from chuangxian.orgs.models import Member, MemberStatus, RoleAssignment, Unit
from chuangxian.orgs.permissions import member_for
from chuangxian.selections.models import Entry, EntryStatus
from chuangxian.selections.models_scoring import (
    Mark,
    Panel,
    PanelEntry,
    RubricItem,
    Sheet,
    SheetStatus,
    TieDecision,
)
from chuangxian.selections.scoring import (
    OvertimeRule,
    Progress,
    Ranking,
    apply_deduction,
    progress,
    rank,
    recusals,
)
from chuangxian.selections.scoring import RubricItem as PureItem

# Entries a panel scores: those still in the selection after its earlier stages.
SCORABLE_STATUSES = (EntryStatus.NOMINATED, EntryStatus.PASSED)


def entry_unit(entry: Entry) -> Unit:
    """The unit recusal reads: the entry's nominating unit (the 二级工会 or 直属工会小组 that put it
    forward), for every kind of entry. The candidate — a project, a member, a unit — always lies in
    that unit's subtree, so this recuses everyone ``scoring.recusal`` would recuse by the candidate's
    own unit, and also a judge of the same college from a nominee of another of its union groups
    (the college's judge never scores the college's nominees)."""
    return entry.nominating_unit


def panels_queryset(selection: Any) -> QuerySet[Panel]:
    return Panel.objects.filter(tenant_id=selection.tenant_id, selection=selection).order_by("pk")


def panels_of(selection: Any) -> list[Panel]:
    return list(panels_queryset(selection))


def rubric_of(panel: Panel) -> list[RubricItem]:
    return list(RubricItem.objects.filter(tenant_id=panel.tenant_id, panel=panel).order_by("position", "pk"))


def pure_rubric(items: Sequence[RubricItem]) -> list[PureItem]:
    return [PureItem(i.key, i.name, i.maximum, i.minimum, i.description) for i in items]


def panel_entries(panel: Panel) -> list[PanelEntry]:
    """The panel's entries in their order, with what recusal and the pages read; one query."""
    return list(
        PanelEntry.objects.filter(tenant_id=panel.tenant_id, panel=panel)
        .select_related("entry__nominating_unit", "entry__member__unit", "entry__unit")
        .order_by("position", "pk")
    )


def panel_judges(panel: Panel) -> list[Member]:
    """The members holding a judge's grant on the panel today, with their units; one query."""
    grants = grant_holders(GrantKind.JUDGE, panel).filter(member__isnull=False).select_related("member__unit")
    return [grant.member for grant in grants if grant.member is not None]


def scorable_entries(selection: Any) -> QuerySet[Entry]:
    """The selection's entries a panel may take (not removed, withdrawn or returned)."""
    return Entry.objects.filter(
        tenant_id=selection.tenant_id, selection=selection, status__in=SCORABLE_STATUSES
    ).order_by("nominated_at", "pk")


def role_units(judges: Sequence[Member]) -> dict[int, list[Unit]]:
    """The units where each judge holds a role (recusal reads them); one query."""
    found: dict[int, list[Unit]] = {judge.pk: [] for judge in judges}
    if not judges:
        return found
    roles = RoleAssignment.objects.filter(
        tenant_id=judges[0].tenant_id, member_id__in=list(found)
    ).select_related("unit")
    for role in roles:
        found[role.member_id].append(role.unit)
    return found


def judge_recusals(judges: Sequence[Member], rows: Sequence[PanelEntry]) -> dict[tuple[int, int], str]:
    """Every (judge id, panel entry id) pair the judge may not score, with the reason."""
    return recusals(
        judges={judge.pk: judge.unit for judge in judges},
        entries={row.pk: entry_unit(row.entry) for row in rows},
        roles=role_units(judges),
    )


def overtime_rule(panel: Panel) -> OvertimeRule | None:
    if panel.overtime_limit_seconds is None or panel.overtime_per_minute is None:
        return None
    return OvertimeRule(
        limit_seconds=panel.overtime_limit_seconds,
        per_minute=panel.overtime_per_minute,
        cap=panel.overtime_cap,
        grace_seconds=panel.overtime_grace_seconds or 0,
    )


def decision_order(panel: Panel) -> list[int]:
    """The recorded tie decisions as one list for ``scoring.rank``: the newest decision on a set of
    entries counts; decisions on other sets are joined (they never share an entry)."""
    order: list[int] = []
    for decision in TieDecision.objects.filter(tenant_id=panel.tenant_id, panel=panel).order_by(
        "-recorded_at", "-pk"
    ):
        ids = [int(i) for i in decision.order]
        if not set(ids) & set(order):
            order.extend(ids)
    return order


@dataclass
class Board:
    """The secretary's view of a panel: judges, entries, recusals, sheets, progress and ranking."""

    panel: Panel
    judges: list[Member]
    rows: list[PanelEntry]
    recused: dict[tuple[int, int], str]
    totals: dict[int, dict[int, Decimal]]  # panel entry id -> judge id -> submitted total (deducted)
    progress: Progress[int, int]
    ranking: Ranking[int]  # of Entry ids
    decisions: list[TieDecision]
    by_entry: dict[int, PanelEntry] = field(default_factory=dict)  # Entry id -> row

    @property
    def judge_names(self) -> dict[int, str]:
        return {judge.pk: judge.name for judge in self.judges}


def board(panel: Panel) -> Board:
    """Everything the secretary's page, the reminder and the export need; five queries."""
    judges = panel_judges(panel)
    rows = panel_entries(panel)
    recused = judge_recusals(judges, rows)
    sheets = Sheet.objects.filter(
        tenant_id=panel.tenant_id, panel_entry__panel=panel, status=SheetStatus.SUBMITTED
    ).values_list("panel_entry_id", "judge_id", "total")
    judge_ids = {judge.pk for judge in judges}
    totals: dict[int, dict[int, Decimal]] = {row.pk: {} for row in rows}
    for row_id, judge_id, total in sheets:
        if (
            total is not None
            and judge_id in judge_ids
            and (judge_id, row_id) not in recused
            and row_id in totals
        ):
            totals[row_id][judge_id] = total
    rule_rows = {row.pk: row for row in rows}
    for row_id, by_judge in totals.items():
        deduction = rule_rows[row_id].deduction
        if deduction and by_judge:
            judges_in = list(by_judge)
            by_judge.update(zip(judges_in, apply_deduction(by_judge.values(), deduction), strict=True))
    done = {(judge_id, row_id) for row_id, by_judge in totals.items() for judge_id in by_judge}
    state = progress(
        judges=[judge.pk for judge in judges],
        entries=[row.pk for row in rows],
        recused=set(recused),
        submitted=done,
    )
    ranking = rank(
        {row.entry_id: totals[row.pk] for row in rows},
        tie_break=panel.tie_break,
        decision=decision_order(panel),
    )
    decisions = list(
        TieDecision.objects.filter(tenant_id=panel.tenant_id, panel=panel).select_related("recorded_by")
    )
    return Board(
        panel, judges, rows, recused, totals, state, ranking, decisions, {r.entry_id: r for r in rows}
    )


@dataclass(frozen=True)
class JudgeRow:
    """One entry on a judge's list: scorable, or recused with the reason; their sheet's state."""

    row: PanelEntry
    recusal: str | None
    sheet: Sheet | None

    @property
    def unit_name(self) -> str:
        return entry_unit(self.row.entry).name

    @property
    def submitted(self) -> bool:
        return self.sheet is not None and self.sheet.status == SheetStatus.SUBMITTED


def judge_rows(panel: Panel, judge: Member) -> list[JudgeRow]:
    """The judge's list of the panel's entries; two queries."""
    rows = panel_entries(panel)
    recused = judge_recusals([judge], rows)
    sheets = {
        sheet.panel_entry_id: sheet
        for sheet in Sheet.objects.filter(tenant_id=panel.tenant_id, panel_entry__panel=panel, judge=judge)
    }
    return [JudgeRow(row, recused.get((judge.pk, row.pk)), sheets.get(row.pk)) for row in rows]


def sheet_of(row: PanelEntry, judge: Member) -> Sheet | None:
    return Sheet.objects.filter(tenant_id=row.tenant_id, panel_entry=row, judge=judge).first()


def sheet_marks(sheet: Sheet | None) -> dict[str, Decimal]:
    """A sheet's marks by item key (empty for no sheet)."""
    if sheet is None:
        return {}
    marks = Mark.objects.filter(tenant_id=sheet.tenant_id, sheet=sheet).values_list("item_id", "value")
    return {f"item{item_id}": value for item_id, value in marks}


def panels_judged_by(actor: Actor) -> list[Panel]:
    """The panels on which the actor holds a judge's grant today, with their selections; two queries."""
    member = member_for(actor)
    if member is None:
        return []
    panel_type = ContentType.objects.get_for_model(Panel)
    ids = Grant.objects.filter(
        in_force(), tenant_id=member.tenant_id, kind=GrantKind.JUDGE, target_type=panel_type, member=member
    ).values("target_id")
    return list(
        Panel.objects.filter(tenant_id=member.tenant_id, pk__in=ids)
        .select_related("selection")
        .order_by("-selection__created_at", "pk")
    )


def judge_candidates(panel: Panel, current: Sequence[Member]) -> QuerySet[Member]:
    """Whom the office may name judges of ``panel``: serving members of the school with a login, and
    the judges named already (even if they have left since, so the form still shows them)."""
    return (
        Member.objects.filter(tenant_id=panel.tenant_id, user__isnull=False)
        .filter(Q(status=MemberStatus.ACTIVE) | Q(pk__in=[m.pk for m in current]))
        .order_by("name", "pk")
    )
