"""Reads of roster imports shared by the pages: the list, the preview rows, the counts, the template."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chuangxian.core.actors import Actor
from chuangxian.orgs.models import Unit, UnitKind
from chuangxian.orgs.permissions import member_for
from chuangxian.roster.models import ImportMode, RosterImport, RosterImportRow, RowOutcome
from chuangxian.roster.planner import FIELD_LABELS

ROWS_PER_PAGE = 50

OUTCOME_CSS = {
    RowOutcome.NEW: "success",
    RowOutcome.UPDATED: "warning",
    RowOutcome.UNCHANGED: "secondary",
    RowOutcome.ERROR: "danger",
    RowOutcome.DEPARTURE: "dark",
}
ROW_CSS = {RowOutcome.UPDATED: "table-warning", RowOutcome.ERROR: "table-danger"}


def roster_import_list_for_tenant(tenant_id: int) -> QuerySet[RosterImport]:
    return (
        RosterImport.objects.filter(tenant_id=tenant_id)
        .select_related("uploaded_by")
        .defer("columns", "ignored_columns")
        .order_by("-created_at", "-id")
    )


def roster_import_rows(roster_import: RosterImport, outcome: str | None = None) -> QuerySet[RosterImportRow]:
    """Preview rows in file order (members missing from a full import last), one outcome or all."""
    rows = RosterImportRow.objects.filter(tenant_id=roster_import.tenant_id, roster_import=roster_import)
    if outcome:
        rows = rows.filter(outcome=outcome)
    return rows.only(
        "id", "seq", "row_number", "staff_no", "name", "outcome", "data", "changes", "errors"
    ).order_by("seq")


@dataclass(frozen=True)
class OutcomeCount:
    outcome: str
    label: str
    count: int
    css: str
    active: bool


def roster_import_counts(roster_import: RosterImport, active: str | None) -> list[OutcomeCount]:
    """The counts at the top of the preview, which double as its filter (from stored counters)."""
    counts = [
        (RowOutcome.NEW, roster_import.new_count),
        (RowOutcome.UPDATED, roster_import.updated_count),
        (RowOutcome.UNCHANGED, roster_import.unchanged_count),
        (RowOutcome.ERROR, roster_import.error_count),
    ]
    if roster_import.mode == ImportMode.FULL:
        counts.append((RowOutcome.DEPARTURE, roster_import.departure_count))
    total = sum(count for _outcome, count in counts)
    items = [OutcomeCount("", _("全部"), total, "primary", not active)]
    items += [
        OutcomeCount(str(outcome), str(outcome.label), count, OUTCOME_CSS[outcome], active == outcome)
        for outcome, count in counts
    ]
    return items


@dataclass(frozen=True)
class RowView:
    place: str  # "第 5 行", or "名册外" for a member missing from a full import
    staff_no: str
    name: str
    outcome: str
    outcome_label: str
    css: str
    badge: str
    details: list[str]


def roster_row_views(
    rows: list[RosterImportRow], departure_label: str, *, done: bool = False
) -> list[RowView]:
    """What the preview table prints for each row (in the past tense once applied); no queries."""
    views = []
    for row in rows:
        outcome = RowOutcome(row.outcome)
        if row.outcome == RowOutcome.ERROR:
            details = [f"{error['column']}：{error['message']}" for error in row.errors]
        elif row.outcome == RowOutcome.NEW:
            details = [_("加入「%(unit)s」") % {"unit": after} for _field, _before, after in row.changes]
        elif row.outcome == RowOutcome.DEPARTURE:
            sentence = (
                _("%(unit)s，名册中没有此人，已标记为%(status)s")
                if done
                else _("%(unit)s，名册中没有此人，将标记为%(status)s")
            )
            details = [sentence % {"unit": row.data.get("unit_label", ""), "status": departure_label}]
        else:
            details = [
                f"{FIELD_LABELS.get(name, name)}：{before or _('（空）')} → {after or _('（空）')}"
                for name, before, after in row.changes
            ]
        views.append(
            RowView(
                place=_("第 %(n)s 行") % {"n": row.row_number} if row.row_number else _("名册外"),
                staff_no=row.staff_no,
                name=row.name,
                outcome=row.outcome,
                outcome_label=str(outcome.label),
                css=ROW_CSS.get(outcome, ""),
                badge=OUTCOME_CSS[outcome],
                details=details,
            )
        )
    return views


def roster_import_departs_user(roster_import: RosterImport, user: Actor) -> bool:
    """Would this full import mark the officer's own roster row as departed (and so lock them out)?"""
    member = member_for(user)
    if member is None or not roster_import.departure_count:
        return False
    return RosterImportRow.objects.filter(
        tenant_id=roster_import.tenant_id,
        roster_import=roster_import,
        outcome=RowOutcome.DEPARTURE,
        member_id=member.pk,
    ).exists()


def unit_names_for_template(tenant_id: int) -> list[str]:
    """Active non-group units, for the template's 所在单位 drop-down."""
    return list(
        Unit.objects.filter(tenant_id=tenant_id, is_active=True)
        .exclude(kind=UnitKind.GROUP)
        .order_by("path")
        .values_list("name", flat=True)
    )
