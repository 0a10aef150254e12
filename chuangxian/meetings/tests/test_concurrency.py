"""Two phones of the same member scan at the same moment: one attendance, one audit entry."""

import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.meetings.checkin import code_make
from chuangxian.meetings.models import Attendance
from chuangxian.meetings.services import meeting_checkin
from chuangxian.meetings.tests.factories import make_meeting
from tests.races import postgres_race, run_together

pytestmark = postgres_race


def test_simultaneous_check_ins_of_one_member_count_once(tree, personas):
    meeting = make_meeting(tree.college, personas.chair, starts_at="2010-12-20 15:00")
    outcomes: list[bool] = []

    def scan() -> None:
        result = meeting_checkin(meeting_id=meeting.pk, code=code, actor=personas.member)
        outcomes.append(result.already)

    with time_machine.travel("2010-12-20 15:00 +0800", tick=False):
        code = code_make(meeting.pk).token
        assert run_together(scan, scan, scan, scan) == []
    assert sorted(outcomes) == [False, True, True, True]
    assert Attendance.objects.filter(meeting=meeting).count() == 1
    assert AuditEntry.objects.filter(action="meetings.attendance.checked_in").count() == 1
