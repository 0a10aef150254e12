"""Who may see and act on tasks and unit tasks.

The office (configure capability in the tenant) defines tasks, reviews submissions and sets the
responsible person; a unit's chair or liaison (manage capability over the unit) submits, and so
does the task's responsible person; anyone who may view the unit (its officers, its members, the
leadership) reads its tasks.
"""

from typing import Any

from chuangxian.assignments import selectors
from chuangxian.assignments.models import Task, UnitTask
from chuangxian.core.errors import NotFoundError
from chuangxian.orgs.permissions import can_configure_tenant, can_manage_unit, can_view_unit, member_for


def is_responsible(user: Any, unit_task: UnitTask) -> bool:
    member = member_for(user)
    return member is not None and unit_task.responsible_id == member.pk


def can_view_unit_task(user: Any, unit_task: UnitTask) -> bool:
    return can_view_unit(user, unit_task.unit) or is_responsible(user, unit_task)


def can_submit_unit_task(user: Any, unit_task: UnitTask) -> bool:
    """The unit's chair or liaison (or the office), or the member the office named responsible for
    this one task: naming a 责任人 delegates the task to them."""
    return can_manage_unit(user, unit_task.unit) or is_responsible(user, unit_task)


def can_review_unit_task(user: Any, unit_task: UnitTask) -> bool:
    return can_configure_tenant(user, unit_task.tenant_id)


def access_task(user: Any, task_id: int) -> Task:
    """A task of the user's tenant, for the office only."""
    tenant_id = getattr(user, "tenant_id", None)
    if tenant_id is None or not can_configure_tenant(user, tenant_id):
        raise NotFoundError()
    task = selectors.task_get(tenant_id, task_id)
    if task is None:
        raise NotFoundError()
    return task


def access_unit_task(user: Any, unit_task_id: int, *, manage: bool = False, office: bool = False) -> UnitTask:
    unit_task = selectors.unit_task_get(unit_task_id)
    if unit_task is None:
        raise NotFoundError()
    if office:
        allowed = can_review_unit_task(user, unit_task)
    elif manage:
        allowed = can_submit_unit_task(user, unit_task)
    else:
        allowed = can_view_unit_task(user, unit_task)
    if not allowed:
        raise NotFoundError()
    return unit_task
