"""Who sees and changes a unit plan.

The unit's managers (chair, liaison, and anyone whose manage scope covers the unit, the office
included) see every version; the office reviews. Members of the unit's subtree and read-only roles
see the approved plan only. Everyone else, other units and other tenants, gets "not found".
"""

from typing import Any

from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability
from chuangxian.orgs.models import Unit
from chuangxian.orgs.permissions import can_configure_tenant, can_manage_unit, member_for, scope_for
from chuangxian.plans.models import PlanStatus, UnitPlan


def can_edit_plan(user: Any, unit: Unit) -> bool:
    return can_manage_unit(user, unit)


def can_review_plans(user: Any, tenant_id: int) -> bool:
    return can_configure_tenant(user, tenant_id)


def can_see_plan_history(user: Any, plan: UnitPlan) -> bool:
    """Drafts, returned versions and review comments: the unit's managers and the office."""
    return can_manage_unit(user, plan.unit) or can_review_plans(user, plan.tenant_id)


def can_see_approved_plan(user: Any, unit: Unit) -> bool:
    """Members of the unit or its subtree, and roles that may view the unit."""
    if scope_for(user, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path):
        return True
    member = member_for(user)
    return (
        member is not None and member.tenant_id == unit.tenant_id and member.unit.path.startswith(unit.path)
    )


def can_view_plan(user: Any, plan: UnitPlan) -> bool:
    if can_see_plan_history(user, plan):
        return True
    return plan.status == PlanStatus.APPROVED and can_see_approved_plan(user, plan.unit)


def access_plan(user: Any, plan_id: int, *, for_update: bool = False) -> UnitPlan:
    """The plan if ``user`` may read it; NotFoundError for missing and forbidden alike."""
    plans = UnitPlan.objects.select_related("unit", "campaign")
    if for_update:
        plans = plans.select_for_update(of=("self",))
    tenant_id = getattr(user, "tenant_id", None)
    if tenant_id is not None:
        plans = plans.filter(tenant_id=tenant_id)
    elif not getattr(user, "is_superuser", False):
        raise NotFoundError()
    plan = plans.filter(pk=plan_id).first()
    if plan is None or not can_view_plan(user, plan):
        raise NotFoundError()
    return plan
