"""Two clicks on 提醒 for the same unit task at the same moment: one reminder, one notice.

The unit task row is locked (SELECT … FOR UPDATE) and the ten-minute check runs under the lock;
SQLite serialises writers anyway, so the race is only meaningful, and only run, on PostgreSQL.
"""

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import tasks_create_defaults
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.notifications.models import Notification
from chuangxian.supervision.models import Reminder
from chuangxian.supervision.services import reminder_send
from tests.races import postgres_race, recording, run_together

pytestmark = postgres_race


def test_two_simultaneous_reminders_send_once(tree, personas, providers):
    campaign = make_campaign(tree.tenant)
    task = tasks_create_defaults(campaign=campaign, actor=personas.office)[0]
    unit_task = UnitTask.objects.get(task=task, unit=tree.college)
    outcomes: list[str] = []
    click = recording(outcomes, lambda: reminder_send(unit_task=unit_task, actor=personas.office), ok="sent")
    assert run_together(click, click) == []
    assert sorted(outcomes) == ["reminded_recently", "sent"]
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(recipient=personas.chair_row, kind="supervision.reminder").count() == 1
