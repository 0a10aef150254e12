"""Who may see and record a unit's meetings.

The unit's officers (chair, liaison, and the office above them: ``can_manage_unit``) see every
meeting, drafts included, and record them. Members of the unit's subtree, and roles that may view
the unit, see the meetings once they are no longer drafts. Everyone else gets a 404.

The write services ask the ``can_*`` rules below themselves (issue 12): recording a meeting, its
attendance and its files is the officers' (and the system's); scanning the check-in code is a member
of the unit's own act, for themself only.
"""

from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Capability
from chuangxian.core.tenancy import actor_rows
from chuangxian.meetings.models import Meeting, MeetingFile, MeetingStatus
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.orgs.permissions import can_manage_unit, member_for, scope_for


def member_in_unit(member: Member | None, unit: Unit) -> bool:
    """An active member of the unit or of a unit below it."""
    return (
        member is not None
        and member.tenant_id == unit.tenant_id
        and member.status == MemberStatus.ACTIVE
        and member.unit.path.startswith(unit.path)
    )


def can_record_meetings(actor: Actor, unit: Unit) -> bool:
    """Record a new meeting of ``unit``: its officers, the office above them, the system."""
    return can_manage_unit(actor, unit)


def can_manage_meeting(user: Actor, meeting: Meeting) -> bool:
    """Edit the record, tick attendance, add and delete files."""
    return can_manage_unit(user, meeting.unit)


def can_check_in(actor: Actor, meeting: Meeting) -> bool:
    """Scan the meeting's code: a logged-in active member of its unit (or a unit below), for themself."""
    return member_in_unit(member_for(actor), meeting.unit)


def can_view_meeting(user: Actor, meeting: Meeting) -> bool:
    if can_manage_meeting(user, meeting):
        return True
    if meeting.status == MeetingStatus.DRAFT:
        return False
    unit = meeting.unit
    if scope_for(user, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path):
        return True
    return member_in_unit(member_for(user), unit)


def access_meeting(
    user: Actor, meeting_id: int, *, manage: bool = False, for_update: bool = False
) -> Meeting:
    qs = actor_rows(Meeting.objects.select_related("unit", "host", "campaign"), user)
    if for_update:
        qs = qs.select_for_update(of=("self",))
    meeting = qs.filter(pk=meeting_id).first()
    if meeting is None:
        raise NotFoundError()
    allowed = can_manage_meeting(user, meeting) if manage else can_view_meeting(user, meeting)
    if not allowed:
        raise NotFoundError()
    return meeting


def can_view_unit_meetings(user: Actor, unit: Unit) -> bool:
    """The unit's officers and viewers, and its members including those of the units below it."""
    if scope_for(user, Capability.VIEW).covers(tenant_id=unit.tenant_id, path=unit.path):
        return True
    return member_in_unit(member_for(user), unit)


def access_unit_meetings(user: Actor, unit_id: int, *, manage: bool = False) -> Unit:
    unit = actor_rows(Unit.objects.all(), user).filter(pk=unit_id).first()
    if unit is None:
        raise NotFoundError()
    allowed = can_manage_unit(user, unit) if manage else can_view_unit_meetings(user, unit)
    if not allowed:
        raise NotFoundError()
    return unit


def access_meeting_file(user: Actor, meeting_id: int, file_id: int) -> MeetingFile:
    meeting = access_meeting(user, meeting_id)
    item = MeetingFile.objects.filter(pk=file_id, meeting=meeting, tenant_id=meeting.tenant_id).first()
    if item is None:
        raise NotFoundError()
    item.meeting = meeting
    return item
