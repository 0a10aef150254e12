"""Who keeps the school's working-day table: its campaign office (a platform admin, the system).
Everyone's deadlines read it; only the office changes it."""

from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.orgs.permissions import can_configure_tenant, is_tenant_office
from chuangxian.workdays import selectors
from chuangxian.workdays.models import WorkdayAdjustment, WorkdayYear


def can_edit_workdays(actor: Actor, tenant_id: int) -> bool:
    return can_configure_tenant(actor, tenant_id)


def can_open_workdays(actor: Actor) -> bool:
    """The page ``/workdays/``: the campaign office of the actor's own school."""
    return is_tenant_office(actor)


def access_adjustment(actor: Actor, adjustment_id: int) -> WorkdayAdjustment:
    """A row of the actor's school's table, for its office; the same 404 for missing and forbidden."""
    tenant_id = actor.tenant_id
    if tenant_id is None or not can_open_workdays(actor):
        raise NotFoundError()
    adjustment = selectors.adjustment_get(tenant_id, adjustment_id)
    if adjustment is None:
        raise NotFoundError()
    return adjustment


def access_workday_year(actor: Actor, workday_year_id: int) -> WorkdayYear:
    """A year's confirmation record of the actor's school, for its office; the same 404 for missing
    and forbidden."""
    tenant_id = actor.tenant_id
    if tenant_id is None or not can_open_workdays(actor):
        raise NotFoundError()
    record = selectors.workday_year_get(tenant_id, workday_year_id)
    if record is None:
        raise NotFoundError()
    return record
