"""The supervision services on the permission table (tests/service_permissions): the school's campaign
office (or the system) sends reminders; nobody else, not even the unit's own officers."""

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import tasks_create_defaults
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.actors import SYSTEM
from chuangxian.supervision.services import reminder_send
from tests.service_permissions.harness import OFFICE, ServiceCase


def _unit_task(w):
    """The college's 召开动员大会 unit task: its chair is responsible, nothing is submitted yet."""
    tasks = {t.code: t for t in tasks_create_defaults(campaign=make_campaign(w.tree.tenant), actor=SYSTEM)}
    return UnitTask.objects.get(task=tasks["mobilisation_meeting"], unit=w.tree.college)


CASES = [
    ServiceCase(
        service=reminder_send,
        allowed=OFFICE,
        arrange=_unit_task,
        act=lambda w, unit_task, actor: reminder_send(unit_task=unit_task, actor=actor),
    ),
]
