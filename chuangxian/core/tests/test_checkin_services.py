"""The one check-in mechanism (``core.checkin``): every kind of target keeps one row per member, and
the shared services tick, untick and scan by each kind's rules (meetings and activities here)."""

import pytest
import time_machine
from django.apps import apps
from django.db.models import UniqueConstraint

from chuangxian.activities.services import CHECKIN as ACTIVITIES
from chuangxian.activities.services import ActivityError
from chuangxian.activities.tests.factories import make_activity
from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.checkin.adapter import register, registered
from chuangxian.core.checkin.models import Attendance, AttendanceMethod
from chuangxian.core.checkin.services import checkin_scan, checkin_tick, checkin_untick
from chuangxian.core.errors import Refused
from chuangxian.meetings.checkin import code_make
from chuangxian.meetings.models import Attendance as MeetingAttendance
from chuangxian.meetings.services import CHECKIN as MEETINGS
from chuangxian.meetings.services import MeetingCheckin, MeetingError
from chuangxian.meetings.tests.factories import make_meeting
from chuangxian.orgs.tests.factories import MemberFactory


def travel(moment: str) -> time_machine.travel:
    return time_machine.travel(f"{moment} +0800", tick=False)


@pytest.fixture
def meeting(tree, personas):
    return make_meeting(tree.college, personas.chair, starts_at="2010-12-20 15:00")


def _actions(verb: str) -> int:
    return AuditEntry.objects.filter(action=f"meetings.attendance.{verb}").count()


def test_every_attendance_model_is_a_registered_kind_with_one_row_per_member():
    concrete = {model for model in apps.get_models() if issubclass(model, Attendance)}
    kinds = registered()
    assert {"meetings", "activities"} <= {kind.name for kind in kinds}
    assert {kind.model for kind in kinds} == concrete, "an Attendance model without a registered adapter"
    assert len({kind.codes.salt for kind in kinds}) == len(kinds), "two kinds share a code salt"
    for model in concrete:
        assert model._meta.get_field(model.target_field).many_to_one
        unique = [
            set(constraint.fields)
            for constraint in model._meta.constraints
            if isinstance(constraint, UniqueConstraint) and constraint.condition is None
        ]
        assert {"tenant", model.target_field, "member"} in unique, model


def test_a_second_kind_with_the_same_salt_or_model_is_refused():
    twin = MeetingCheckin()
    twin.name = "congress"
    with pytest.raises(ValueError, match="clashes"):
        register(twin)
    register(MEETINGS)  # registering the same adapter again is harmless
    assert [kind.name for kind in registered()].count("meetings") == 1


def test_ticking_by_hand_counts_once_at_any_time(meeting, personas):
    with travel("2010-12-22 09:00"):  # long after check-in closed: the host records afterwards
        first = checkin_tick(MEETINGS, target=meeting, member=personas.member_row, actor=personas.chair)
        again = checkin_tick(MEETINGS, target=meeting, member=personas.member_row, actor=personas.chair)
    assert (first.already, again.already) == (False, True)
    assert first.attendance.method == AttendanceMethod.TICKED
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 1
    assert _actions("ticked") == 1


def test_a_scan_after_a_tick_is_already_there_and_keeps_the_tick(meeting, personas):
    with travel("2010-12-20 15:00"):
        checkin_tick(MEETINGS, target=meeting, member=personas.member_row, actor=personas.chair)
        token = code_make(meeting.pk).token
        scan = checkin_scan(MEETINGS, target_id=meeting.pk, code=token, actor=personas.member)
    assert scan.already
    assert scan.attendance.method == AttendanceMethod.TICKED
    assert _actions("checked_in") == 0


def test_untick_undoes_a_scan_once(meeting, personas):
    with travel("2010-12-20 15:00"):
        token = code_make(meeting.pk).token
        checkin_scan(MEETINGS, target_id=meeting.pk, code=token, actor=personas.member)
        assert checkin_untick(MEETINGS, target=meeting, member=personas.member_row, actor=personas.chair)
        assert not checkin_untick(MEETINGS, target=meeting, member=personas.member_row, actor=personas.chair)
    assert not MeetingAttendance.objects.filter(meeting=meeting).exists()
    assert _actions("unticked") == 1


@pytest.mark.parametrize("who", ["member", "sibling_chair", "leader", "other_office"])
def test_only_the_keepers_of_the_list_tick_and_untick(meeting, personas, who):
    with travel("2010-12-20 15:00"):
        checkin_tick(MEETINGS, target=meeting, member=personas.chair_row, actor=personas.chair)
        for act in (checkin_tick, checkin_untick):
            with pytest.raises(Refused) as error:
                act(MEETINGS, target=meeting, member=personas.chair_row, actor=getattr(personas, who))
            assert error.value.code == "forbidden"
    assert MeetingAttendance.objects.filter(meeting=meeting).count() == 1
    assert _actions("ticked") == 1 and _actions("unticked") == 0


def test_the_kind_decides_who_may_be_ticked(tree, meeting, personas):
    outsider = MemberFactory(unit=tree.sibling)
    with pytest.raises(MeetingError) as error:
        checkin_tick(MEETINGS, target=meeting, member=outsider, actor=personas.chair)
    assert error.value.code == "not_in_unit"
    assert not MeetingAttendance.objects.exists()


def test_the_kind_decides_when_the_list_may_be_kept(tree, personas):
    campaign = make_campaign(tree.tenant)
    with travel("2011-03-10 10:00"):
        draft = make_activity(
            campaign,
            tree.college,
            personas.chair,
            publish=False,
            whole_tenant=False,
            audience_units=[tree.college],
        )
        with pytest.raises(ActivityError) as error:
            checkin_tick(ACTIVITIES, target=draft, member=personas.member_row, actor=personas.chair)
    assert error.value.code == "not_published"
