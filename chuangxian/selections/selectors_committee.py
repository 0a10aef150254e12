"""What the committee's page (评审委员会审定) and the eligibility re-check read: the entries still in
the running with, for each, the eligibility rules it fails today and its place in its panel's
ranking. A bounded number of queries whatever the number of entries: the facts of all candidates
are read together (``facts_of_entries``), and each panel's board once."""

from dataclasses import dataclass
from decimal import Decimal

from chuangxian.core import clock
from chuangxian.orgs.models import MemberStatus
from chuangxian.selections.eligibility import Facts, failures
from chuangxian.selections.models import Entry, EntryKind, EntryStatus, MemberRecord, Selection
from chuangxian.selections.selectors import rules_of
from chuangxian.selections.selectors_scoring import board, panels_of

IN_RUNNING = (EntryStatus.NOMINATED, EntryStatus.PASSED)


def entries_in_running(selection: Selection) -> list[Entry]:
    return list(
        Entry.objects.filter(tenant_id=selection.tenant_id, selection=selection, status__in=IN_RUNNING)
        .select_related("nominating_unit", "member", "project", "unit", "committee_recorded_by")
        .order_by("nominating_unit__path", "nominated_at", "pk")
    )


def facts_of_entries(selection: Selection, entries: list[Entry]) -> dict[int, Facts]:
    """``candidate_facts`` of every entry (selected with its candidate), in two queries."""
    field_of = {EntryKind.PROJECT: "project_id", EntryKind.MEMBER: "member_id", EntryKind.UNIT: "unit_id"}
    honoured: set[tuple[str, int]] = set()
    for kind_field in field_of.values():
        ids = [getattr(e, kind_field) for e in entries if getattr(e, kind_field)]
        if not ids:
            continue
        name = kind_field.removesuffix("_id")
        honoured |= {
            (kind_field, value)
            for value in Entry.objects.filter(
                tenant_id=selection.tenant_id,
                selection__type_id=selection.type_id,
                selection__campaign_id=selection.campaign_id,
                status=EntryStatus.AWARDED,
                **{f"{name}__in": ids},
            ).values_list(kind_field, flat=True)
        }
    member_ids = [e.member_id for e in entries if e.member_id]
    records = (
        {
            r.member_id: r
            for r in MemberRecord.objects.filter(tenant_id=selection.tenant_id, member_id__in=member_ids)
        }
        if member_ids
        else {}
    )
    today = clock.today()
    facts: dict[int, Facts] = {}
    for entry in entries:
        kind_field = field_of[EntryKind(entry.kind)]
        was_honoured = (kind_field, getattr(entry, kind_field)) in honoured
        if entry.member is None:
            facts[entry.pk] = Facts(name=entry.candidate_name, today=today, honoured=was_honoured)
            continue
        record = records.get(entry.member.pk)
        facts[entry.pk] = Facts(
            name=entry.member.name,
            today=today,
            is_member=True,
            in_post=entry.member.status == MemberStatus.ACTIVE,
            union_work_since=record.union_work_since if record else None,
            disciplined=record.disciplined if record else False,
            honoured=was_honoured,
        )
    return facts


def ineligible_reasons(selection: Selection, entries: list[Entry]) -> dict[int, list[str]]:
    """The rules each entry fails today (only entries that fail one)."""
    rules = rules_of(selection.type)
    facts = facts_of_entries(selection, entries)
    return {pk: reasons for pk, fact in facts.items() if (reasons := failures(rules, fact))}


@dataclass(frozen=True)
class Placing:
    panel: str
    rank: int
    score: Decimal
    of: int  # entries ranked in the panel
    advance_count: int | None


@dataclass(frozen=True)
class CommitteeRow:
    entry: Entry
    placing: Placing | None
    ineligible: list[str]


def placings(selection: Selection) -> dict[int, Placing]:
    """Each scored entry's place in its last panel (the highest round), by Entry id."""
    found: dict[int, tuple[int, Placing]] = {}
    for panel in panels_of(selection):
        ranking = board(panel).ranking
        for row in ranking.rows:
            if row.entry not in found or found[row.entry][0] <= panel.round:
                found[row.entry] = (
                    panel.round,
                    Placing(panel.name, row.rank, row.score, len(ranking.rows), panel.advance_count),
                )
    return {entry: placing for entry, (_round, placing) in found.items()}


def committee_rows(selection: Selection) -> list[CommitteeRow]:
    entries = entries_in_running(selection)
    places = placings(selection) if "scoring" in selection.stages else {}
    reasons = ineligible_reasons(selection, entries)
    return [CommitteeRow(e, places.get(e.pk), reasons.get(e.pk, [])) for e in entries]
