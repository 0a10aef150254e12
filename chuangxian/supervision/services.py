"""Reminders (督办提醒): the office nudges the person responsible for a unit task."""

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.assignments.models import TaskStatus, UnitTask
from chuangxian.assignments.selectors import unit_task_row
from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.errors import DomainError, Refused
from chuangxian.notifications.services import notify
from chuangxian.supervision.models import Reminder
from chuangxian.supervision.permissions import can_remind

# A second click on the same unit task within this time sends nothing: it is taken for a double
# submission of the first (or an impatient repeat), and the page says when the last one went out.
REMINDER_GAP = timedelta(minutes=10)


class SupervisionError(DomainError):
    pass


@transaction.atomic
def reminder_send(*, unit_task: UnitTask, actor: Actor) -> Reminder:
    """Remind the unit task's responsible person: one Reminder row, one in-app notice keyed by it
    (so it is delivered once) and, where the member has an e-mail address, one e-mail sent by the
    worker after commit.

    Locks the unit task so that two simultaneous clicks cannot both pass the gap check. Refused
    'not_office' unless ``actor`` is the school's campaign office or the system. Raises
    SupervisionError 'nothing_owed', 'no_responsible', 'reminded_recently'.
    """
    unit_task = (
        # of=self: the responsible person is the nullable side of an outer join, which PostgreSQL
        # cannot lock; the unit task row is the one that serialises the clicks.
        UnitTask.objects.select_for_update(of=("self",))
        .select_related("task", "task__phase", "task__campaign", "unit", "responsible")
        .get(pk=unit_task.pk, tenant_id=unit_task.tenant_id)
    )
    if not can_remind(actor, unit_task):
        raise Refused(_("只有本校工会（创先办）可以发送督办提醒。"), code="not_office")
    status = unit_task_row(unit_task).status
    if status.base in (TaskStatus.DONE, TaskStatus.SUBMITTED):
        raise SupervisionError(
            code="nothing_owed",
            message=_("「%(unit)s」的「%(task)s」%(status)s，无需提醒。")
            % {"unit": unit_task.unit.name, "task": unit_task.task.title, "status": status.base_label},
        )
    recipient = unit_task.responsible
    if recipient is None:
        raise SupervisionError(
            code="no_responsible",
            message=_("「%(unit)s」的「%(task)s」还没有责任人，请先设置责任人。")
            % {"unit": unit_task.unit.name, "task": unit_task.task.title},
        )
    last = (
        Reminder.objects.filter(
            tenant_id=unit_task.tenant_id, unit_task=unit_task, created_at__gte=clock.now() - REMINDER_GAP
        )
        .order_by("-created_at")
        .first()
    )
    if last is not None:
        raise SupervisionError(
            code="reminded_recently",
            message=_("已于 %(time)s 提醒过%(name)s，10 分钟内不重复提醒。")
            % {"time": timezone.localtime(last.created_at).strftime("%H:%M"), "name": recipient.name},
        )
    reminder = Reminder.objects.create(
        tenant_id=unit_task.tenant_id,
        unit_task=unit_task,
        recipient=recipient,
        sent_by=login_of(actor),
    )
    due = status.due.isoformat()
    notify(
        tenant_id=unit_task.tenant_id,
        recipients=[recipient],
        kind="supervision.reminder",
        title=_("督办提醒：请尽快办理「%(task)s」") % {"task": unit_task.task.title},
        body=(
            _("「%(unit)s」的「%(task)s」截止日期为 %(due)s，目前状态：%(status)s。请尽快办理。")
            % {"unit": unit_task.unit.name, "task": unit_task.task.title, "due": due, "status": status.label}
        ),
        url=reverse("assignments:unit_task", args=[unit_task.pk]),
        key=f"reminder:{reminder.pk}",
    )
    audit_record(
        actor=actor,
        action="supervision.reminder.sent",
        target=reminder,
        unit=unit_task.unit,
        data={"task": unit_task.task.title, "recipient": recipient.name},
    )
    return reminder
