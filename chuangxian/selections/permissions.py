"""Who may do what in selections.

- The school's campaign office (``can_configure_tenant``; the platform admin, the system) configures
  the types, creates, opens and moves selections, keeps the members' eligibility records and makes
  the office's first review.
- A nominating unit is a unit just below the school union (a 二级工会 or 直属工会小组:
  ``nominating_unit_of``); its managers (chair, liaison, the office above them: ``can_manage_unit``)
  nominate for it, withdraw and resubmit its entries, and record the party organisation's opinion
  of them (with the party organisation's signed opinion attached; see docs/selections.md).
- Everyone of the school sees the selections and each unit's quota; an entry is seen by whoever may
  view its nominating unit's records (its officers, the office, the leadership), not by plain
  members until the public notice (later work).

``access_*`` fetch for a page: missing and forbidden are the same 404.
"""

from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.permissions import can_configure_tenant, can_manage_unit, in_tenant, scope_for
from chuangxian.selections.models import Entry, EntryFile, Selection, SelectionType


def nominating_depth() -> int:
    """Units this deep nominate: the school union is depth 1, the units just below it depth 2."""
    return 2


def nominating_path(path: str) -> str | None:
    """The path of the nominating unit a unit at ``path`` belongs to (itself, or its ancestor just
    below the school union); None for the school union itself."""
    size = nominating_depth() * Unit.steplen
    return path[:size] if len(path) >= size else None


def can_configure_selections(actor: Actor, tenant_id: int) -> bool:
    return can_configure_tenant(actor, tenant_id)


def can_view_selection(actor: Actor, selection: Selection) -> bool:
    return in_tenant(actor, selection.tenant_id)


def can_nominate(actor: Actor, unit: Unit) -> bool:
    """Nominate for ``unit`` (a nominating unit): its chair or liaison, or the office above them."""
    return can_manage_unit(actor, unit)


def can_manage_entry(actor: Actor, entry: Entry) -> bool:
    """Withdraw, resubmit, record the party's opinion: the nominating unit's managers."""
    return can_manage_unit(actor, entry.nominating_unit)


def can_view_entry(actor: Actor, entry: Entry) -> bool:
    unit = entry.nominating_unit
    return scope_for(actor, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path)


def can_review_entry(actor: Actor, entry: Entry) -> bool:
    """The office's first review (初审)."""
    return can_configure_tenant(actor, entry.tenant_id)


def access_type(actor: Actor, type_id: int) -> SelectionType:
    item = actor_rows(SelectionType.objects.all(), actor).filter(pk=type_id).first()
    if item is None or not can_configure_selections(actor, item.tenant_id):
        raise NotFoundError()
    return item


def access_selection(actor: Actor, selection_id: int, *, configure: bool = False) -> Selection:
    selection = (
        actor_rows(Selection.objects.select_related("type", "campaign"), actor)
        .filter(pk=selection_id)
        .first()
    )
    if selection is None:
        raise NotFoundError()
    allowed = (
        can_configure_selections(actor, selection.tenant_id)
        if configure
        else can_view_selection(actor, selection)
    )
    if not allowed:
        raise NotFoundError()
    return selection


def access_nominating_unit(actor: Actor, selection: Selection, unit_id: int) -> Unit:
    """The nominating unit of the unit ``unit_id`` (itself, or its ancestor just below the school
    union), if ``actor`` may nominate for it."""
    unit = Unit.objects.filter(tenant_id=selection.tenant_id, pk=unit_id, is_active=True).first()
    path = nominating_path(unit.path) if unit is not None else None
    if unit is None or path is None:
        raise NotFoundError()
    if path != unit.path:
        unit = Unit.objects.filter(tenant_id=selection.tenant_id, path=path, is_active=True).first()
    if unit is None or not can_nominate(actor, unit):
        raise NotFoundError()
    return unit


def access_entry(actor: Actor, entry_id: int, *, manage: bool = False) -> Entry:
    entry = (
        actor_rows(
            Entry.objects.select_related("selection__type", "selection__campaign", "nominating_unit"), actor
        )
        .filter(pk=entry_id)
        .first()
    )
    if entry is None:
        raise NotFoundError()
    allowed = can_manage_entry(actor, entry) if manage else can_view_entry(actor, entry)
    if not allowed:
        raise NotFoundError()
    return entry


def access_entry_file(actor: Actor, entry_id: int, file_id: int) -> EntryFile:
    entry = access_entry(actor, entry_id)
    item = EntryFile.objects.filter(pk=file_id, entry=entry, tenant_id=entry.tenant_id).first()
    if item is None:
        raise NotFoundError()
    return item


def access_record_member(actor: Actor, member_id: int) -> Member:
    """A member whose eligibility record the office keeps: any member of its school."""
    member = actor_rows(Member.objects.select_related("unit"), actor).filter(pk=member_id).first()
    if member is None or not can_configure_selections(actor, member.tenant_id):
        raise NotFoundError()
    return member
