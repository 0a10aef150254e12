"""Who sees and changes a unit plan: the rules every plans service checks itself.

The unit's managers (chair, liaison, and anyone whose manage scope covers the unit, the office and
the system included) write, submit and see every version; a person of the office reviews (a review
names its reviewer, so the system does not review). Members of the unit's subtree and read-only roles
see the approved plan only. Everyone else, other units and other tenants, gets "not found".
"""

from chuangxian.core.actors import Actor, is_person
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability, roles_with
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import (
    can_configure_tenant,
    can_manage_unit,
    member_for,
    role_assignments_for,
    scope_for,
)
from chuangxian.plans.models import PlanStatus, UnitPlan


def can_edit_plan(actor: Actor, unit: Unit) -> bool:
    return can_manage_unit(actor, unit)


def managed_unit_ids(actor: Actor) -> list[int]:
    """The units whose plan the actor writes by a role held there (chair, liaison): the chairs' own
    plans page (我负责的单位) and its export."""
    manage = roles_with(Capability.MANAGE)
    return sorted({unit_id for role, unit_id, _path in role_assignments_for(actor) if role in manage})


def can_review_plans(actor: Actor, tenant_id: int) -> bool:
    """Approve or return the tenant's plans: a person of the office (or a platform admin)."""
    return is_person(actor) and can_configure_tenant(actor, tenant_id)


def can_see_plan_history(actor: Actor, plan: UnitPlan) -> bool:
    """Drafts, returned versions and review comments: the unit's managers and the office."""
    return can_manage_unit(actor, plan.unit) or can_review_plans(actor, plan.tenant_id)


def can_see_approved_plan(actor: Actor, unit: Unit) -> bool:
    """Members of the unit or its subtree, and roles that may view the unit."""
    if scope_for(actor, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path):
        return True
    member = member_for(actor)
    return (
        member is not None and member.tenant_id == unit.tenant_id and member.unit.path.startswith(unit.path)
    )


def can_view_plan(actor: Actor, plan: UnitPlan) -> bool:
    if can_see_plan_history(actor, plan):
        return True
    return plan.status == PlanStatus.APPROVED and can_see_approved_plan(actor, plan.unit)


def access_plan(actor: Actor, plan_id: int, *, for_update: bool = False) -> UnitPlan:
    """The plan if ``actor`` may read it; NotFoundError for missing and forbidden alike."""
    plans = UnitPlan.objects.select_related("unit", "campaign")
    if for_update:
        plans = plans.select_for_update(of=("self",))
    if actor.tenant_id is None and not actor.is_superuser:
        raise NotFoundError()
    plan = actor_rows(plans, actor).filter(pk=plan_id).first()
    if plan is None or not can_view_plan(actor, plan):
        raise NotFoundError()
    return plan
