"""Coverage is an officer's tool: who in my units still owes a pledge or an activity.

The office and the school's leaders see the whole tenant; a chair or liaison sees their unit's
subtree. A plain member sees only their own to-do items, never colleagues' gaps.

The targets are campaign configuration: the campaign office of the campaign's school (or the system)
sets them (``can_set_coverage_targets``, checked by the services themselves).
"""

from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.permissions import can_configure_campaigns
from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import scope_for


def can_view_coverage(user: Actor, unit: Unit) -> bool:
    return scope_for(user, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path)


def can_open_coverage(user: Actor) -> bool:
    """The coverage pages: someone of a school whose role lets them view a subtree of it (the
    platform admin belongs to no school)."""
    return user.tenant_id is not None and not scope_for(user, Capability.VIEW).is_empty()


def can_set_coverage_targets(user: Actor, campaign: Campaign) -> bool:
    return can_configure_campaigns(user, campaign.tenant_id)


def access_coverage_unit(user: Actor, unit_id: int) -> Unit:
    unit = actor_rows(Unit.objects.all(), user).filter(pk=unit_id).first()
    if unit is None or not can_view_coverage(user, unit):
        raise NotFoundError()
    return unit


def coverage_home_unit(user: Actor) -> Unit | None:
    """The widest unit the user may see: the root for the office and leaders, else their first unit."""
    tenant_id = user.tenant_id
    scope = scope_for(user, Capability.VIEW)
    if tenant_id is None or scope.is_empty():
        return None
    units = Unit.objects.filter(tenant_id=tenant_id, is_active=True)
    if scope.everything:
        return units.filter(depth=1).order_by("path").first()
    return units.filter(path__in=scope.prefixes).order_by("depth", "path").first()
