"""Two phones of the same member scan at the same moment: one attendance, one audit entry."""

import threading

import pytest
import time_machine
from django.db import connection, connections

from chuangxian.audit.models import AuditEntry
from chuangxian.meetings.checkin import code_make
from chuangxian.meetings.models import Attendance
from chuangxian.meetings.services import meeting_checkin
from chuangxian.meetings.tests.factories import make_meeting

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_check_ins_of_one_member_count_once(tree, personas):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")
    meeting = make_meeting(tree.college, personas.chair, starts_at="2010-12-20 15:00")
    barrier = threading.Barrier(4)
    outcomes: list[bool] = []

    def scan() -> None:
        try:
            barrier.wait()
            result = meeting_checkin(meeting_id=meeting.pk, code=code, actor=personas.member)
            outcomes.append(result.already)
        finally:
            connections.close_all()

    with time_machine.travel("2010-12-20 15:00 +0800", tick=False):
        code = code_make(meeting.pk).token
        threads = [threading.Thread(target=scan) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(outcomes) == [False, True, True, True]
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert AuditEntry.objects.filter(action="meetings.attendance.checked_in").count() == 1
