"""Rules over single-object grants: does this actor hold ``kind`` of ``target`` today?

A member-held grant is the member's; a unit-held grant (a handling office) is held by everyone with
a role at exactly that unit. A grant counts only inside its term and until it is revoked. The system
holds no grant: a rule that lets the system act says so itself.
"""

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
    member = member_for(actor)
    if member is None:
        return False
    units = [unit_id for _role, unit_id, _path in role_assignments_for(actor)]
    holder = Q(member_id=member.pk) | Q(unit_id__in=units)
    return grants_on(target).filter(in_force(on), holder, tenant_id=member.tenant_id, kind=kind).exists()


def can_grant(actor: Actor, kind: str, target: TenantModel) -> bool:
    """Whoever the app that registered ``kind`` on this model says (the office, the poll's organiser)."""
    spec = grantable(kind, target)
    return spec is not None and spec.can_grant(actor, target)
