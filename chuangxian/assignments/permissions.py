"""Who may see and act on tasks and unit tasks: the rules every assignments service checks itself.

The office (configure capability in the tenant) defines tasks and names the responsible person; the
system may too (the demo loader sets up the default tasks). A unit's chair or liaison (manage
capability over the unit, which the office and the system also have) submits, and so does the task's
responsible person. Only a person of the office reviews a submission: a review records who judged it.
Anyone who may view the unit (its officers, its members, the leadership) reads its tasks.
"""

from chuangxian.assignments import selectors
from chuangxian.assignments.models import Task, UnitTask
from chuangxian.core.actors import Actor, is_person
from chuangxian.core.errors import NotFoundError
from chuangxian.orgs.permissions import can_configure_tenant, can_manage_unit, can_view_unit, member_for


def is_responsible(actor: Actor, unit_task: UnitTask) -> bool:
    member = member_for(actor)
    return member is not None and unit_task.responsible_id == member.pk


def can_define_tasks(actor: Actor, tenant_id: int) -> bool:
    """Create, change, delete and sync the tenant's tasks: the office (or an admin, or the system)."""
    return can_configure_tenant(actor, tenant_id)


def can_name_responsible(actor: Actor, unit_task: UnitTask) -> bool:
    """Set the unit task's 责任人: whoever defines the tenant's tasks."""
    return can_define_tasks(actor, unit_task.tenant_id)


def can_view_unit_task(actor: Actor, unit_task: UnitTask) -> bool:
    return can_view_unit(actor, unit_task.unit) or is_responsible(actor, unit_task)


def can_submit_unit_task(actor: Actor, unit_task: UnitTask) -> bool:
    """Start, submit or mark done: the unit's chair or liaison (or an officer above them, the office,
    the system), or the member the office named responsible for this one task: naming a 责任人
    delegates the task to them."""
    return can_manage_unit(actor, unit_task.unit) or is_responsible(actor, unit_task)


def can_review_unit_task(actor: Actor, unit_task: UnitTask) -> bool:
    """Approve or return a submission: a person of the office (the review names its reviewer)."""
    return is_person(actor) and can_configure_tenant(actor, unit_task.tenant_id)


def access_task(actor: Actor, task_id: int) -> Task:
    """A task of the actor's tenant, for the office only."""
    tenant_id = actor.tenant_id
    if tenant_id is None or not can_define_tasks(actor, tenant_id):
        raise NotFoundError()
    task = selectors.task_get(tenant_id, task_id)
    if task is None:
        raise NotFoundError()
    return task


def access_unit_task(
    actor: Actor, unit_task_id: int, *, manage: bool = False, office: bool = False
) -> UnitTask:
    unit_task = selectors.unit_task_get(unit_task_id, actor=actor)
    if unit_task is None:
        raise NotFoundError()
    if office:
        allowed = can_review_unit_task(actor, unit_task)
    elif manage:
        allowed = can_submit_unit_task(actor, unit_task)
    else:
        allowed = can_view_unit_task(actor, unit_task)
    if not allowed:
        raise NotFoundError()
    return unit_task
