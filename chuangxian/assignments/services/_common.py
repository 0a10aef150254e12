"""What every part of the task services shares: the error type and the authority checks (the office;
who may act for a unit on its task). The login to record is ``core.actors.login_of``."""

from django.utils.translation import gettext as _

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.permissions import can_define_tasks, can_submit_unit_task
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused


class AssignmentError(DomainError):
    pass


def _require_office(actor: Actor, tenant_id: int) -> None:
    """Raises Refused 'forbidden' unless ``actor`` is the tenant's office (or an admin, or the system)."""
    if not can_define_tasks(actor, tenant_id):
        raise Refused(_("只有学校工会可以设置和审核阶段任务。"), code="forbidden")


def _require_submitter(actor: Actor, unit_task: UnitTask) -> None:
    """Raises Refused 'forbidden' unless ``actor`` may act for the unit on this task: its chair or
    liaison, an officer whose scope covers it, the office, or the task's responsible person."""
    if not can_submit_unit_task(actor, unit_task):
        raise Refused(
            _("只有「%(unit)s」的主席、联络员、本任务的责任人或学校工会可以办理这项任务。")
            % {"unit": unit_task.unit.name},
            code="forbidden",
        )
