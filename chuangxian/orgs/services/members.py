"""The roster: one member's fields, and a whole roster import applied in one go (``roster_apply``)."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.core.models import Tenant
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.permissions import can_edit_roster
from chuangxian.orgs.services._common import MEMBER_FIELDS, name_initials


@transaction.atomic
def member_update(*, member: Member, actor: Actor, **fields: Any) -> Member:
    """Change a member's roster fields (moving them to another unit included).

    Raises Refused 'not_office' unless ``actor`` may change the tenant's roster (``can_edit_roster``)."""
    member = Member.objects.select_for_update().get(pk=member.pk, tenant_id=member.tenant_id)
    if not can_edit_roster(actor, member.tenant_id):
        raise Refused(_("只有学校工会可以修改会员的名册信息。"), code="not_office")
    before = snapshot(member, MEMBER_FIELDS)
    for key, value in fields.items():
        if key not in MEMBER_FIELDS:
            raise ValueError(f"not a roster field: {key}")
        setattr(member, key, value)
    if "name" in fields:
        member.name_initials = name_initials(member.name)
    if member.birth_date is not None:
        member.birth_year = member.birth_date.year
    member.save()
    changes = diff(before, snapshot(member, MEMBER_FIELDS))
    if changes:
        audit_record(
            actor=actor, action="orgs.member.updated", target=member, unit=member.unit, changes=changes
        )
    return member


@dataclass(frozen=True)
class RosterChanges:
    """What a roster import will write; built by the import's planner, applied here in one go."""

    creates: list[Mapping[str, Any]]
    updates: list[tuple[int, Mapping[str, Any]]]  # (member id, changed fields)
    departures: list[int]  # member ids missing from a full import
    departure_status: str = MemberStatus.LEFT


@dataclass(frozen=True)
class RosterResult:
    created: int
    updated: int
    departed: int


BATCH = 1000


def _chunks(items: list[Any], size: int = BATCH) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic
def roster_apply(
    *, tenant: Tenant, changes: RosterChanges, actor: Actor, source: str, on: date | None = None
) -> RosterResult:
    """Write a roster import: create, update and mark departures, all or nothing.

    The caller has validated every row. One batch audit entry records the counts and the source.
    Departed members are never deleted: their status becomes 离职 or 退休.
    Raises Refused 'not_office' unless ``actor`` may change the tenant's roster (``can_edit_roster``).
    """
    if not can_edit_roster(actor, tenant.pk):
        raise Refused(_("只有学校工会可以导入名册。"), code="not_office")
    today = on or clock.today()
    new_members = []
    for fields in changes.creates:
        member = Member(tenant=tenant, **fields)
        member.name_initials = name_initials(member.name)
        if member.birth_date is not None and not member.birth_year:
            member.birth_year = member.birth_date.year
        new_members.append(member)
    for batch in _chunks(new_members):
        Member.objects.bulk_create(batch, batch_size=BATCH)

    if changes.updates:
        by_id = {}
        for batch_ids in _chunks([member_id for member_id, _fields in changes.updates]):
            by_id.update(Member.objects.select_for_update().filter(tenant_id=tenant.pk).in_bulk(batch_ids))
        touched: set[str] = {"updated_at"}
        to_save = []
        for member_id, fields in changes.updates:
            member = by_id[member_id]
            for key, value in fields.items():
                setattr(member, key, value)
                touched.add(key)
            if "name" in fields:
                member.name_initials = name_initials(member.name)
                touched.add("name_initials")
            if fields.get("birth_date") is not None and "birth_year" not in fields:
                member.birth_year = fields["birth_date"].year
                touched.add("birth_year")
            member.updated_at = timezone.now()
            to_save.append(member)
        for batch in _chunks(to_save):
            Member.objects.bulk_update(batch, sorted(touched), batch_size=BATCH)

    departed = 0
    for batch_ids in _chunks(changes.departures):
        departed += Member.objects.filter(tenant=tenant, pk__in=batch_ids, status=MemberStatus.ACTIVE).update(
            status=changes.departure_status, left_on=today, updated_at=timezone.now()
        )
    result = RosterResult(created=len(new_members), updated=len(changes.updates), departed=departed)
    audit_record(
        actor=actor,
        action="orgs.roster.imported",
        tenant_id=tenant.pk,
        data={
            "source": source,
            "created": result.created,
            "updated": result.updated,
            "departed": result.departed,
            "departure_status": changes.departure_status,
        },
    )
    return result
