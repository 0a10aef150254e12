"""Rules over single-object grants: does this actor hold ``kind`` of ``target`` today?

A member-held grant is the member's; a unit-held grant (a handling office) is held by everyone with
a role at exactly that unit. A grant counts only inside its term and until it is revoked. The system
holds no grant: a rule that lets the system act says so itself.
"""

import itertools
from datetime import date

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.models import TenantModel
from chuangxian.grants.models import Grant
from chuangxian.grants.registry import grantable
from chuangxian.orgs.permissions import member_for, role_assignments_for


def in_force(on: date | None = None) -> Q:
    """The filter of grants in force on ``on`` (today by default): not revoked, inside their term."""
    on = on or clock.today()
    return Q(revoked_at__isnull=True, starts_on__lte=on) & (Q(ends_on__isnull=True) | Q(ends_on__gte=on))


def live_grants(on: date | None = None) -> QuerySet[Grant]:
    """Grants in force on ``on`` (today by default)."""
    return Grant.objects.filter(in_force(on))


def grants_on(target: TenantModel) -> QuerySet[Grant]:
    target_type = ContentType.objects.get_for_model(target)
    tenant_id = target.tenant_id
    return Grant.objects.filter(tenant_id=tenant_id, target_type=target_type, target_id=target.pk)


def holds_grant(actor: Actor, kind: str, target: TenantModel, *, on: date | None = None) -> bool:
    """``actor`` holds ``kind`` of ``target`` on ``on`` (today by default). The first question of a
    request reads every grant the actor holds that day, in one query, on the login object (as
    ``member_for`` keeps the roster row); the next ones are answered from it. Any change to a grant
    in this process starts afresh (``grants_changed``)."""
    if member_for(actor) is None:
        return False
    target_type = ContentType.objects.get_for_model(target)  # Django keeps these in memory
    return (kind, target_type.pk, target.pk) in _held(actor, on or clock.today())


_HELD = "_chuangxian_grants_held"
_generation = itertools.count()
_current = next(_generation)


def grants_changed(**_kwargs: object) -> None:
    """A grant was written or deleted: what a login object remembers of its grants is out of date
    (connected to Grant's post_save and post_delete, so services, factories and the admin alike)."""
    global _current
    _current = next(_generation)


def _held(actor: Actor, on: date) -> frozenset[tuple[str, int, int]]:
    """``(kind, target type id, target id)`` of every grant ``actor`` holds on ``on``."""
    kept: dict[tuple[int, date], frozenset[tuple[str, int, int]]] = actor.__dict__.setdefault(_HELD, {})
    key = (_current, on)
    if key not in kept:
        member = member_for(actor)
        assert member is not None
        units = [unit_id for _role, unit_id, _path in role_assignments_for(actor)]
        holder = Q(member_id=member.pk) | Q(unit_id__in=units)
        kept.clear()
        kept[key] = frozenset(
            (kind, type_id, int(target_id))
            for kind, type_id, target_id in Grant.objects.filter(
                in_force(on), holder, tenant_id=member.tenant_id
            ).values_list("kind", "target_type_id", "target_id")
        )
    return kept[key]


def can_grant(actor: Actor, kind: str, target: TenantModel) -> bool:
    """Whoever the app that registered ``kind`` on this model says (the office, the poll's organiser)."""
    spec = grantable(kind, target)
    return spec is not None and spec.can_grant(actor, target)
