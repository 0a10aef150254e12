import io

import pytest
import time_machine

from chuangxian.audit.models import AuditEntry
from chuangxian.campaigns.services import PhaseClosedError, phase_window_reopen
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core.errors import Refused
from chuangxian.core.files import FileCheckError
from chuangxian.meetings.models import Attendance, AttendanceMethod, Meeting, MeetingFile, MeetingStatus
from chuangxian.meetings.selectors import meeting_rate
from chuangxian.meetings.services import (
    MeetingData,
    MeetingError,
    attendance_set,
    meeting_create,
    meeting_file_add,
    meeting_update,
)
from chuangxian.meetings.tests.factories import at, make_meeting
from chuangxian.orgs.models import MemberStatus
from chuangxian.orgs.tests.factories import MemberFactory

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n" + b"x" * 64


@pytest.fixture
def campaign(tree):
    return make_campaign(tree.tenant)


def test_chair_records_a_meeting_without_campaign(tree, personas):
    meeting = make_meeting(tree.college, personas.chair, host=personas.chair_row, title="")
    assert meeting.title == "动员大会"  # the kind stands in for an empty title
    assert meeting.tenant_id == tree.tenant.pk
    entry = AuditEntry.objects.get(action="meetings.meeting.created")
    assert entry.unit_id == tree.college.pk


@pytest.mark.parametrize("persona", ["chair", "liaison", "office"])
def test_officers_may_record(tree, personas, persona):
    make_meeting(tree.college, getattr(personas, persona))


@pytest.mark.parametrize("persona", ["member", "sibling_chair", "leader", "other_office"])
def test_others_may_not_record(tree, personas, persona):
    with pytest.raises(Refused) as error:
        make_meeting(tree.college, getattr(personas, persona))
    assert error.value.code == "forbidden"


def test_host_must_be_in_the_unit(tree, personas):
    outsider = MemberFactory(unit=tree.sibling)
    with pytest.raises(MeetingError) as error:
        make_meeting(tree.college, personas.chair, host=outsider)
    assert error.value.code == "host_outside"
    assert error.value.field == "host"


def test_campaign_meeting_inside_the_window(tree, personas, campaign):
    with time_machine.travel("2010-12-20 09:00 +0800", tick=False):
        meeting = make_meeting(tree.college, personas.chair, campaign=campaign)
    assert meeting.campaign == campaign


def test_campaign_meeting_refused_after_the_window(tree, personas, campaign):
    with time_machine.travel("2011-01-05 09:00 +0800", tick=False), pytest.raises(PhaseClosedError) as error:
        make_meeting(tree.college, personas.chair, campaign=campaign, starts_at="2011-01-05 10:00")
    assert error.value.code == "phase_closed"
    assert "2010-12-31" in error.value.message


def test_campaign_meeting_allowed_when_reopened_for_the_unit(tree, personas, campaign):
    phase = campaign.phases.get(order=1)
    with time_machine.travel("2011-01-05 09:00 +0800", tick=False):
        phase_window_reopen(
            phase=phase,
            unit=tree.college,
            until=at("2011-01-10 00:00").date(),
            reason="补开",
            actor=personas.office,
        )
        make_meeting(tree.college, personas.chair, campaign=campaign)
        with pytest.raises(PhaseClosedError):
            make_meeting(tree.sibling, personas.sibling_chair, campaign=campaign)


@time_machine.travel("2010-12-20 10:00 +0800", tick=False)
def test_a_meeting_not_yet_begun_cannot_be_recorded_as_held(tree, personas):
    with pytest.raises(MeetingError) as error:
        make_meeting(tree.college, personas.chair, starts_at="2010-12-20 15:00", status=MeetingStatus.HELD)
    assert error.value.code == "held_in_future" and error.value.field == "status"
    assert "2010-12-20 15:00 还没到" in error.value.message
    assert not Meeting.objects.exists()
    meeting = make_meeting(
        tree.college, personas.chair, starts_at="2010-12-20 09:00", status=MeetingStatus.HELD
    )
    assert meeting.status == MeetingStatus.HELD


def test_update_marks_held_and_audits_the_diff(tree, personas):
    meeting = make_meeting(tree.college, personas.chair)
    data = MeetingData(
        kind=meeting.kind,
        title=meeting.title,
        starts_at=meeting.starts_at,
        place=meeting.place,
        minutes="传达了实施方案。",
        status=MeetingStatus.HELD,
    )
    meeting_update(meeting=meeting, data=data, actor=personas.liaison)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD
    entry = AuditEntry.objects.get(action="meetings.meeting.updated")
    assert entry.changes["status"] == ["scheduled", "held"]
    with pytest.raises(Refused):
        meeting_update(meeting=meeting, data=data, actor=personas.sibling_chair)


def test_attendance_set_ticks_from_the_roster_and_rate_counts_active_members(tree, personas):
    meeting = make_meeting(tree.college, personas.chair)
    # Active members of the college subtree: 学院主席, 学院联络员, 普通会员 (in the group below).
    departed = MemberFactory(unit=tree.college, status=MemberStatus.LEFT)
    added, removed = attendance_set(
        meeting=meeting, member_ids=[personas.chair_row.pk, personas.member_row.pk], actor=personas.chair
    )
    assert (added, removed) == (2, 0)
    assert set(Attendance.objects.values_list("method", flat=True)) == {AttendanceMethod.TICKED}
    rate = meeting_rate(meeting)
    assert (rate.attended, rate.total, rate.percent) == (2, 3, 67)
    assert attendance_set(meeting=meeting, member_ids=[personas.member_row.pk], actor=personas.chair) == (
        0,
        1,
    )
    with pytest.raises(MeetingError) as error:
        attendance_set(meeting=meeting, member_ids=[departed.pk], actor=personas.chair)
    assert error.value.code == "not_in_unit"


def test_attendance_refuses_members_outside_the_unit(tree, personas):
    meeting = make_meeting(tree.college, personas.chair)
    outsider = MemberFactory(unit=tree.sibling, name="外单位")
    with pytest.raises(MeetingError) as error:
        attendance_set(meeting=meeting, member_ids=[personas.chair_row.pk, outsider.pk], actor=personas.chair)
    assert error.value.code == "not_in_unit"
    assert "外单位" in error.value.message
    assert not Attendance.objects.exists()  # nothing half-saved


def test_attendance_set_is_for_officers(tree, personas):
    meeting = make_meeting(tree.college, personas.chair)
    with pytest.raises(Refused):
        attendance_set(meeting=meeting, member_ids=[personas.member_row.pk], actor=personas.member)


def test_file_add_stores_an_image_and_a_document(tree, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(tree.college, personas.chair)
    photo = meeting_file_add(meeting=meeting, upload=io.BytesIO(PNG), name="会场.png", actor=personas.chair)
    doc = meeting_file_add(meeting=meeting, upload=io.BytesIO(PDF), name="议程.pdf", actor=personas.chair)
    assert (photo.kind, photo.is_image, doc.kind, doc.size) == ("png", True, "pdf", len(PDF))
    assert photo.file.name.endswith(".png")
    assert AuditEntry.objects.filter(action="meetings.file.added").count() == 2


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"MZ\x90\x00 not allowed", "virus.exe", "forbidden_type"),
        (b"plain text", "notes.txt", "forbidden_type"),
        (PNG, "minutes.pdf", "type_mismatch"),  # a PNG that says it is a PDF
        (b"", "empty.pdf", "empty"),
    ],
)
def test_file_add_refuses_bad_files(tree, personas, settings, tmp_path, content, name, code):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(tree.college, personas.chair)
    with pytest.raises(FileCheckError) as error:
        meeting_file_add(meeting=meeting, upload=io.BytesIO(content), name=name, actor=personas.chair)
    assert error.value.code == code
    assert not MeetingFile.objects.exists()
    assert not any(tmp_path.rglob("*.*"))


def test_file_add_refuses_a_file_over_the_limit(tree, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_BYTES = 1024
    meeting = make_meeting(tree.college, personas.chair)
    with pytest.raises(FileCheckError) as error:
        meeting_file_add(
            meeting=meeting, upload=io.BytesIO(PDF + b"x" * 2048), name="大.pdf", actor=personas.chair
        )
    assert error.value.code == "too_large"
    assert "MB" in error.value.message
    assert not MeetingFile.objects.exists()


def test_file_add_is_for_officers(tree, personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = make_meeting(tree.college, personas.chair)
    with pytest.raises(Refused):
        meeting_file_add(meeting=meeting, upload=io.BytesIO(PNG), name="a.png", actor=personas.member)


def test_meeting_create_refuses_inactive_unit(tree, personas):
    tree.library.is_active = False
    tree.library.save()
    with pytest.raises(MeetingError) as error:
        meeting_create(
            unit=tree.library,
            data=MeetingData(kind="study", title="学习会", starts_at=at("2010-12-20 10:00")),
            actor=personas.office,
        )
    assert error.value.code == "unit_inactive"


def test_a_host_who_left_since_stays_on_the_record(tree, personas):
    host = MemberFactory(unit=tree.college)
    meeting = make_meeting(tree.college, personas.chair, host=host)
    host.status = MemberStatus.LEFT
    host.save()
    data = MeetingData(
        kind=meeting.kind, title=meeting.title, starts_at=meeting.starts_at, host=host, minutes="补记纪要"
    )
    meeting_update(meeting=meeting, data=data, actor=personas.chair)
    other_leaver = MemberFactory(unit=tree.college, status=MemberStatus.LEFT)
    with pytest.raises(MeetingError) as error:
        meeting_update(
            meeting=meeting, data=MeetingData(**{**data.__dict__, "host": other_leaver}), actor=personas.chair
        )
    assert error.value.code == "host_outside"
