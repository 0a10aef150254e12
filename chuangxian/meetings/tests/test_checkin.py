"""QR check-in: the signed code rotates and expires; only members of the unit; twice counts once."""

import pytest
import time_machine
from django.core import signing

from chuangxian.audit.models import AuditEntry
from chuangxian.core.actors import SYSTEM
from chuangxian.core.errors import Refused
from chuangxian.meetings.checkin import SALT, CheckinError, code_make
from chuangxian.meetings.models import Attendance, AttendanceMethod, MeetingStatus
from chuangxian.meetings.services import meeting_checkin
from chuangxian.meetings.tests.factories import make_meeting
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory, make_user

START = "2010-12-20 15:00"


@pytest.fixture
def meeting(tree, personas):
    return make_meeting(tree.college, personas.chair, starts_at=START)


def travel(moment: str):
    return time_machine.travel(f"{moment} +0800", tick=False)


def checkin(meeting, user, code=None):
    return meeting_checkin(
        meeting_id=meeting.pk, code=code_make(meeting.pk).token if code is None else code, actor=user
    )


def test_member_of_a_unit_below_checks_in(meeting, personas):
    with travel("2010-12-20 14:50"):
        result = checkin(meeting, personas.member)
    assert not result.already
    assert result.attendance.method == AttendanceMethod.CHECKIN
    assert result.attendance.member == personas.member_row
    assert AuditEntry.objects.filter(action="meetings.attendance.checked_in").count() == 1


def test_checking_in_twice_counts_once(meeting, personas):
    with travel("2010-12-20 14:50"):
        checkin(meeting, personas.member)
        again = checkin(meeting, personas.member)
    assert again.already
    assert Attendance.objects.count() == 1
    assert AuditEntry.objects.filter(action="meetings.attendance.checked_in").count() == 1


def test_code_is_valid_for_two_minutes(meeting, personas):
    with travel("2010-12-20 15:00"):
        code = code_make(meeting.pk).token
    with travel("2010-12-20 15:01:50"):
        checkin(meeting, personas.member, code)
    with travel("2010-12-20 15:02:10"), pytest.raises(CheckinError) as error:
        checkin(meeting, personas.chair, code)
    assert error.value.code == "code_expired"
    assert "重新扫描" in error.value.message


def test_code_rotates_every_thirty_seconds(meeting):
    with travel("2010-12-20 15:00:00"):
        first = code_make(meeting.pk)
    with travel("2010-12-20 15:00:29"):
        same_period = code_make(meeting.pk)
    with travel("2010-12-20 15:00:31"):
        second = code_make(meeting.pk)
    assert first.rotation == same_period.rotation
    assert second.rotation == first.rotation + 1
    assert second.token != first.token


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: signing.dumps({"m": 1, "r": 0}, salt="another-salt"),
        lambda token: signing.dumps({"m": 1, "r": 0}, salt=SALT, key="not-the-secret-key-0123456789abcdef"),
        lambda token: "",
        lambda token: "garbage",
    ],
)
def test_forged_or_tampered_codes_are_refused(meeting, personas, forge):
    with travel("2010-12-20 15:00"):
        token = forge(code_make(meeting.pk).token)
        with pytest.raises(CheckinError) as error:
            checkin(meeting, personas.member, token)
    assert error.value.code == "code_invalid"
    assert not Attendance.objects.exists()


def test_code_of_another_meeting_is_refused(tree, meeting, personas):
    other = make_meeting(tree.college, personas.chair, starts_at=START, title="学习会")
    with travel("2010-12-20 15:00"), pytest.raises(CheckinError) as error:
        checkin(meeting, personas.member, code_make(other.pk).token)
    assert error.value.code == "code_other_meeting"


@pytest.mark.parametrize("who", ["sibling_chair", "office", "other_office"])
def test_people_outside_the_unit_are_refused(meeting, personas, who):
    with travel("2010-12-20 15:00"), pytest.raises(Refused) as error:
        checkin(meeting, getattr(personas, who))
    assert error.value.code == ("not_found" if who == "other_office" else "not_in_unit")
    assert not Attendance.objects.exists()


def test_departed_member_and_login_without_member_are_refused(tree, meeting, personas):
    departed = MemberFactory(unit=tree.college, status=MemberStatus.LEFT)
    with travel("2010-12-20 15:00"):
        for user in (make_user(departed), personas.admin, SYSTEM):
            with pytest.raises(Refused) as error:
                checkin(meeting, user)
            assert error.value.code == "not_in_unit"


@pytest.mark.parametrize(
    ("moment", "code"),
    [("2010-12-20 13:59", "not_open_yet"), ("2010-12-20 19:01", "closed"), ("2010-12-21 15:00", "closed")],
)
def test_check_in_only_from_an_hour_before_to_four_hours_after(meeting, personas, moment, code):
    with travel(moment), pytest.raises(CheckinError) as error:
        checkin(meeting, personas.member)
    assert error.value.code == code


@pytest.mark.parametrize("moment", ["2010-12-20 14:00", "2010-12-20 19:00"])
def test_window_edges_are_open(meeting, personas, moment):
    with travel(moment):
        checkin(meeting, personas.member)


def test_draft_meeting_takes_no_check_in(tree, personas):
    draft = make_meeting(tree.college, personas.chair, starts_at=START, status=MeetingStatus.DRAFT)
    with travel("2010-12-20 15:00"), pytest.raises(CheckinError) as error:
        checkin(draft, personas.member)
    assert error.value.code == "draft"


def test_a_code_scanned_before_logging_in_counts_for_ten_minutes(meeting, personas):
    with travel("2010-12-20 15:00"):
        code = code_make(meeting.pk).token
    with travel("2010-12-20 15:09:50"):
        meeting_checkin(meeting_id=meeting.pk, code=code, actor=personas.member, scanned_before_login=True)
    with travel("2010-12-20 15:10:10"), pytest.raises(CheckinError) as error:
        meeting_checkin(meeting_id=meeting.pk, code=code, actor=personas.chair, scanned_before_login=True)
    assert error.value.code == "code_expired"
