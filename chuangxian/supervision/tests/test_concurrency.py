"""Two clicks on 提醒 for the same unit task at the same moment: one reminder, one notice.

The unit task row is locked (SELECT … FOR UPDATE) and the ten-minute check runs under the lock;
SQLite serialises writers anyway, so the race is only meaningful, and only run, on PostgreSQL.
"""

import threading

import pytest
from django.db import connection, connections

from chuangxian.assignments.models import UnitTask
from chuangxian.assignments.services import tasks_create_defaults
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.errors import DomainError
from chuangxian.notifications.models import Notification
from chuangxian.supervision.models import Reminder
from chuangxian.supervision.services import reminder_send

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_simultaneous_reminders_send_once(tree, personas, providers):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    campaign = make_campaign(tree.tenant)
    task = tasks_create_defaults(campaign=campaign, actor=personas.office)[0]
    unit_task = UnitTask.objects.get(task=task, unit=tree.college)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def click() -> None:
        try:
            barrier.wait()
            reminder_send(unit_task=unit_task, actor=personas.office)
            outcomes.append("sent")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["reminded_recently", "sent"]
    assert Reminder.objects.count() == 1
    assert Notification.objects.filter(recipient=personas.chair_row, kind="supervision.reminder").count() == 1
