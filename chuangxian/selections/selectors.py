"""Reads of selections shared by the services and the pages; each in a fixed number of queries.

``quota_rows`` is the selection page's table (every nominating unit, its active members, its quota
and its entries by state) in three queries whatever the number of units, members or entries.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.filters import NO_FILTER, ListFilter, text_q
from chuangxian.core.roles import Capability
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.orgs.permissions import scope_for
from chuangxian.projects.models import Project, ProjectStatus
from chuangxian.selections.eligibility import Facts, Rules
from chuangxian.selections.models import (
    ACTIVE_STATUSES,
    KIND_NOUNS,
    Entry,
    EntryKind,
    EntryStatus,
    MemberRecord,
    Selection,
    SelectionType,
)
from chuangxian.selections.permissions import nominating_depth, nominating_path
from chuangxian.selections.quota import Quota, QuotaRule, plain, quota_for


def quota_rule_of(selection_type: SelectionType) -> QuotaRule:
    return QuotaRule(
        mode=selection_type.quota_mode,
        minimum=selection_type.quota_min,
        maximum=selection_type.quota_max,
        percent=selection_type.quota_percent,
        rounding=selection_type.quota_rounding,
        at_least_one=selection_type.quota_at_least_one,
    )


def rules_of(selection_type: SelectionType) -> Rules:
    return Rules(
        in_post=selection_type.rule_in_post,
        cadre_years=selection_type.rule_cadre_years or None,
        not_honoured=selection_type.rule_not_honoured,
        no_discipline=selection_type.rule_no_discipline,
    )


def noun_of(selection_type: SelectionType) -> str:
    return str(KIND_NOUNS[EntryKind(selection_type.entry_kind)])


def type_list_for_tenant(tenant_id: int, *, filters: ListFilter = NO_FILTER) -> list[SelectionType]:
    """The school's types, active first; ``filters``: text in the name or description, ``kind``."""
    qs = SelectionType.objects.filter(tenant_id=tenant_id).filter(text_q(filters.q, ("name", "description")))
    if filters.get("kind"):
        qs = qs.filter(entry_kind=filters.get("kind"))
    return list(qs.order_by("-is_active", "id"))


def selection_list_for_tenant(tenant_id: int, *, filters: ListFilter = NO_FILTER) -> QuerySet[Selection]:
    """The school's selections, newest first; ``filters``: text in the title, the type's or the
    campaign's name; ``status`` and ``type``."""
    qs = Selection.objects.filter(tenant_id=tenant_id).select_related("type", "campaign")
    qs = qs.filter(text_q(filters.q, ("title", "type__name", "campaign__title")))
    if filters.get("status"):
        qs = qs.filter(status=filters.get("status"))
    if filters.number("type"):
        qs = qs.filter(type_id=filters.number("type"))
    return qs.order_by("-created_at", "-id")


def nominating_units(tenant_id: int) -> list[Unit]:
    """The school's active nominating units (just below the school union), in tree order."""
    return list(
        Unit.objects.filter(tenant_id=tenant_id, depth=nominating_depth(), is_active=True)
        .only("id", "name", "path", "depth", "tenant_id")
        .order_by("path")
    )


def active_members_by_nominating_path(tenant_id: int, paths: list[str] | None = None) -> dict[str, int]:
    """Active members of each nominating unit's subtree, by the unit's path; one query."""
    size = nominating_depth() * Unit.steplen
    qs = Member.objects.filter(
        tenant_id=tenant_id, status=MemberStatus.ACTIVE, unit__depth__gte=nominating_depth()
    )
    if paths is not None:
        condition = Q()
        for path in paths:
            condition |= Q(unit__path__startswith=path)
        qs = qs.filter(condition)
    rows = qs.annotate(prefix=Substr("unit__path", 1, size)).values("prefix").annotate(n=Count("pk"))
    return {row["prefix"]: row["n"] for row in rows.order_by()}


def entries_used(selection: Selection, unit: Unit) -> int:
    """The unit's entries that take a place of its quota."""
    return Entry.objects.filter(
        tenant_id=selection.tenant_id, selection=selection, nominating_unit=unit, status__in=ACTIVE_STATUSES
    ).count()


def unit_quota(selection: Selection, unit: Unit) -> Quota:
    """The quota of one nominating unit in ``selection`` (a member count for a percentage rule)."""
    rule = quota_rule_of(selection.type)
    members = 0
    if rule.mode == "percent":
        members = active_members_by_nominating_path(selection.tenant_id, [unit.path]).get(unit.path, 0)
    return quota_for(rule, members, noun=noun_of(selection.type))


@dataclass
class QuotaRow:
    unit: Unit
    members: int
    quota: Quota
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def used(self) -> int:
        return sum(self.counts[s] for s in ACTIVE_STATUSES)

    @property
    def over(self) -> bool:
        return self.used > self.quota.limit

    @property
    def short(self) -> bool:
        return self.used < self.quota.minimum


def quota_rows(selection: Selection) -> list[QuotaRow]:
    """Every nominating unit with its active members, its quota and its entries by state (3 queries)."""
    units = nominating_units(selection.tenant_id)
    members = active_members_by_nominating_path(selection.tenant_id)
    rule = quota_rule_of(selection.type)
    noun = noun_of(selection.type)
    rows = {
        u.pk: QuotaRow(
            unit=u, members=members.get(u.path, 0), quota=quota_for(rule, members.get(u.path, 0), noun=noun)
        )
        for u in units
    }
    counts = (
        Entry.objects.filter(tenant_id=selection.tenant_id, selection=selection)
        .values("nominating_unit_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in counts:
        if row["nominating_unit_id"] in rows:
            rows[row["nominating_unit_id"]].counts[row["status"]] += row["n"]
    return list(rows.values())


def entries_visible_qs(selection: Selection, actor: Actor) -> QuerySet[Entry]:
    """The entries of ``selection`` that ``actor`` may view (its VIEW scope over the nominating
    units), by unit and nomination time; with the nominating unit."""
    scope = scope_for(actor, Capability.VIEW)
    return (
        Entry.objects.filter(tenant_id=selection.tenant_id, selection=selection)
        .filter(scope.q("nominating_unit__path", "nominating_unit__tenant_id"))
        .select_related("nominating_unit")
        .order_by("nominating_unit__path", "nominated_at", "id")
    )


def entries_visible(selection: Selection, actor: Actor, *, unit: Unit | None = None) -> list[Entry]:
    """The entries a page lists (of ``unit`` only, if given), the columns it shows; one query."""
    qs = entries_visible_qs(selection, actor).only(
        "id",
        "candidate_name",
        "status",
        "kind",
        "party_decision",
        "nominated_at",
        "nominating_unit__name",
        "nominating_unit__path",
    )
    if unit is not None:
        qs = qs.filter(nominating_unit=unit)
    return list(qs)


def entry_files(entry: Entry) -> list[Any]:
    return list(
        entry.files.filter(tenant_id=entry.tenant_id)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "id")
    )


def candidate_facts(selection: Selection, candidate: Project | Member | Unit) -> Facts:
    """What the eligibility rules ask about ``candidate`` in ``selection``; two queries at most."""
    field_name = {Project: "project", Member: "member", Unit: "unit"}[type(candidate)]
    honoured = Entry.objects.filter(
        tenant_id=selection.tenant_id,
        selection__type_id=selection.type_id,
        selection__campaign_id=selection.campaign_id,
        status=EntryStatus.AWARDED,
        **{field_name: candidate},
    ).exists()
    if not isinstance(candidate, Member):
        name = candidate.title if isinstance(candidate, Project) else candidate.name
        return Facts(name=name, today=clock.today(), honoured=honoured)
    record = MemberRecord.objects.filter(tenant_id=candidate.tenant_id, member=candidate).first()
    return Facts(
        name=candidate.name,
        today=clock.today(),
        is_member=True,
        in_post=candidate.status == MemberStatus.ACTIVE,
        union_work_since=record.union_work_since if record else None,
        disciplined=record.disciplined if record else False,
        honoured=honoured,
    )


def project_choices(selection: Selection, unit: Unit) -> list[Project]:
    """Projects of ``unit``'s subtree in the selection's campaign that may be put forward (not drafts)."""
    return list(
        Project.objects.filter(
            tenant_id=selection.tenant_id, campaign_id=selection.campaign_id, unit__path__startswith=unit.path
        )
        .exclude(status=ProjectStatus.DRAFT)
        .select_related("unit")
        .only("id", "title", "unit__name")
        .order_by("unit__path", "title")
    )


def unit_choices(unit: Unit) -> list[Unit]:
    """``unit`` and the active units of its subtree."""
    return list(
        Unit.objects.filter(tenant_id=unit.tenant_id, path__startswith=unit.path, is_active=True)
        .only("id", "name", "depth", "path")
        .order_by("path")
    )


def member_by_staff_no(unit: Unit, staff_no: str) -> Member | None:
    """The member of ``unit``'s subtree with this staff number."""
    return (
        Member.objects.filter(
            tenant_id=unit.tenant_id, staff_no=staff_no.strip(), unit__path__startswith=unit.path
        )
        .select_related("unit")
        .first()
    )


def member_records(tenant_id: int, *, filters: ListFilter = NO_FILTER) -> QuerySet[MemberRecord]:
    """The office's eligibility records, searchable by the member's name, initials or staff number."""
    qs = MemberRecord.objects.filter(tenant_id=tenant_id).select_related("member__unit")
    qs = qs.filter(
        text_q(
            filters.q,
            ("member__name", "member__staff_no", "member__unit__name"),
            initials=("member__name_initials",),
        )
    )
    return qs.order_by("member__unit__path", "member__staff_no")


def member_by_staff_no_in_tenant(tenant_id: int, staff_no: str) -> Member | None:
    return Member.objects.filter(tenant_id=tenant_id, staff_no=staff_no.strip()).first()


def quota_summary(selection_type: SelectionType) -> str:
    """The type's quota in a few words, for the types list."""
    rule = quota_rule_of(selection_type)
    noun = noun_of(selection_type)
    if rule.mode == "fixed":
        return quota_for(rule, 0, noun=noun).arithmetic
    text = _("在职会员 × %(percent)s%%，%(rounding)s") % {
        "percent": plain(rule.percent or Decimal(0)),
        "rounding": selection_type.get_quota_rounding_display(),
    }
    if rule.at_least_one:
        text += _("，至少 1 %(noun)s") % {"noun": noun}
    return text


def is_nominating_unit(unit: Unit) -> bool:
    return unit.depth == nominating_depth() and nominating_path(unit.path) == unit.path


def type_in_use(selection_type: SelectionType) -> bool:
    return Selection.objects.filter(tenant_id=selection_type.tenant_id, type=selection_type).exists()
