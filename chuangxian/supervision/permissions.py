"""Supervision is the office's: the matrix and reminders. A unit's managers see its own progress.

``reminder_send`` checks ``can_remind`` itself: the campaign office of the unit task's school (a
login of that school), or the system (a scheduled reminder). The platform admin belongs to no school.
"""

from chuangxian.assignments.models import UnitTask
from chuangxian.core.actors import Actor, is_system
from chuangxian.orgs.permissions import can_configure_tenant


def can_supervise(user: Actor) -> bool:
    tenant_id = user.tenant_id
    return tenant_id is not None and can_configure_tenant(user, tenant_id)


def can_remind(user: Actor, unit_task: UnitTask) -> bool:
    if is_system(user):
        return True
    return can_supervise(user) and user.tenant_id == unit_task.tenant_id
