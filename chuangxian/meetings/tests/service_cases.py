"""The meetings' write services on the permission table (tests/service_permissions).

Every meeting is a meeting of 文学与传播学院 with no campaign (so no phase window applies), so its
chair and liaison (and the office above them, the platform admin and the system: ``can_manage_unit``)
record it, its attendance and its files, and the sibling college's chair may not. Scanning the
check-in code is a member's own act: any active member of the college's subtree (the plain member
of the group below, and the chair and liaison, members of the college) checks themself in; the
office, a member of the root unit, is not a member of the college, and the system checks nobody in.
"""

import io

import time_machine

from chuangxian.core.actors import Actor
from chuangxian.meetings.checkin import code_make
from chuangxian.meetings.models import Meeting, MeetingFile, MeetingKind, MeetingStatus
from chuangxian.meetings.services import (
    MeetingData,
    attendance_set,
    meeting_checkin,
    meeting_create,
    meeting_file_add,
    meeting_file_delete,
    meeting_update,
)
from chuangxian.meetings.tests.factories import at, make_meeting
from tests.service_permissions.harness import ServiceCase, World

MANAGERS = {"chair", "liaison", "office", "admin", "system"}  # can_manage_unit of the college
UNIT_MEMBERS = {"member", "chair", "liaison"}  # active members of the college's subtree, for themselves

START = "2010-12-20 15:00"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _meeting(w: World) -> Meeting:
    return make_meeting(w.tree.college, w.personas.chair, starts_at=START)


def _file(w: World) -> MeetingFile:
    return meeting_file_add(
        meeting=_meeting(w), upload=io.BytesIO(PNG), name="签到表.png", actor=w.personas.chair
    )


def _checkin(meeting: Meeting, actor: Actor) -> None:
    with time_machine.travel(f"{START} +0800", tick=False):  # check-in open: the meeting starts
        meeting_checkin(meeting_id=meeting.pk, code=code_make(meeting.pk).token, actor=actor)


CASES = [
    ServiceCase(
        service=meeting_create,
        allowed=MANAGERS,
        arrange=lambda w: None,
        act=lambda w, _ctx, actor: make_meeting(w.tree.college, actor, starts_at=START),
    ),
    ServiceCase(
        service=meeting_update,
        allowed=MANAGERS,
        arrange=_meeting,
        act=lambda w, meeting, actor: meeting_update(
            meeting=meeting,
            data=MeetingData(
                kind=MeetingKind.MOBILISATION,
                title="创先争优活动动员大会（补记纪要）",
                starts_at=at(START),
                minutes="传达了实施方案。",
                status=MeetingStatus.HELD,
            ),
            actor=actor,
        ),
    ),
    ServiceCase(
        service=attendance_set,
        allowed=MANAGERS,
        arrange=_meeting,
        act=lambda w, meeting, actor: attendance_set(
            meeting=meeting, member_ids=[w.personas.member_row.pk], actor=actor
        ),
    ),
    ServiceCase(
        service=meeting_checkin,
        allowed=UNIT_MEMBERS,
        arrange=_meeting,
        act=lambda w, meeting, actor: _checkin(meeting, actor),
    ),
    ServiceCase(
        service=meeting_file_add,
        allowed=MANAGERS,
        arrange=_meeting,
        act=lambda w, meeting, actor: meeting_file_add(
            meeting=meeting, upload=io.BytesIO(PNG), name="会议照片.png", actor=actor
        ),
    ),
    ServiceCase(
        service=meeting_file_delete,
        allowed=MANAGERS,
        arrange=_file,
        act=lambda w, item, actor: meeting_file_delete(item=item, actor=actor),
    ),
]
