"""Every write to meetings, their attendance and their files."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record, diff, snapshot
from chuangxian.campaigns.models import Campaign, PhaseAction
from chuangxian.campaigns.services import PhaseClosedError, phase_require_open
from chuangxian.core import clock
from chuangxian.core.actors import Actor, login_of
from chuangxian.core.checkin.adapter import CheckinAdapter
from chuangxian.core.checkin.services import CheckinResult, checkin_scan, checkin_set
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.files import IMAGES_AND_DOCUMENTS
from chuangxian.meetings.checkin import CLOSES_AFTER, CODES, OPENS_BEFORE, CheckinError
from chuangxian.meetings.models import (
    Attendance,
    Meeting,
    MeetingFile,
    MeetingKind,
    MeetingStatus,
)
from chuangxian.meetings.permissions import (
    can_check_in,
    can_manage_meeting,
    can_record_meetings,
    member_in_unit,
)
from chuangxian.orgs.models import Member, MemberStatus, Unit
from chuangxian.orgs.permissions import member_for

MEETING_FIELDS = (
    "campaign",
    "kind",
    "title",
    "starts_at",
    "place",
    "host",
    "agenda",
    "minutes",
    "status",
)


class MeetingError(DomainError):
    pass


@dataclass(frozen=True)
class MeetingData:
    kind: str
    title: str
    starts_at: datetime
    place: str = ""
    host: Member | None = None
    agenda: str = ""
    minutes: str = ""
    status: str = MeetingStatus.SCHEDULED
    campaign: Campaign | None = None


def _officers_only() -> Refused:
    return Refused(_("只有本单位的主席、联络员或学校工会可以记录会议。"), code="forbidden")


def _require_recorder(actor: Actor, unit: Unit) -> None:
    """Raises Refused 'forbidden' unless ``actor`` may record meetings of ``unit``."""
    if not can_record_meetings(actor, unit):
        raise _officers_only()


def _require_manager(actor: Actor, meeting: Meeting) -> None:
    """Raises Refused 'forbidden' unless ``actor`` manages ``meeting`` (call it on the locked row)."""
    if not can_manage_meeting(actor, meeting):
        raise _officers_only()


def _lock(meeting_id: int, tenant_id: int) -> Meeting:
    return (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=meeting_id, tenant_id=tenant_id)
    )


def _check(unit: Unit, data: MeetingData, *, kept_host_id: int | None = None) -> None:
    """Raises MeetingError 'bad_kind', 'bad_status', 'held_in_future', 'host_outside', 'wrong_tenant';
    PhaseClosedError."""
    if data.kind not in MeetingKind.values:
        raise MeetingError(code="bad_kind", message=_("请选择会议类型。"), field="kind")
    if data.status not in MeetingStatus.values:
        raise MeetingError(code="bad_status", message=_("请选择会议状态。"), field="status")
    # A host who has left since the meeting stays on its record; only a newly chosen host is checked.
    new_host = data.host is not None and data.host.pk != kept_host_id
    if new_host and data.host is not None and not member_in_unit(data.host, unit):
        raise MeetingError(
            code="host_outside",
            message=_("主持人「%(name)s」不是「%(unit)s」的在职会员，请重新选择。")
            % {"name": data.host.name, "unit": unit.name},
            field="host",
        )
    if data.campaign is not None:
        if data.campaign.tenant_id != unit.tenant_id:
            raise MeetingError(code="wrong_tenant", message=_("该创先活动不属于本校。"), field="campaign")
        try:
            phase_require_open(campaign=data.campaign, action=PhaseAction.MEETING, unit=unit)
        except PhaseClosedError as error:
            hint = _("若这不是本次创先活动的会议，请在「所属创先活动」中选择「不属于任何创先活动」。")
            raise PhaseClosedError(
                code=error.code, message=f"{error.message}{hint}", field="campaign"
            ) from error
    if data.status == MeetingStatus.HELD and data.starts_at > clock.now():
        raise MeetingError(
            code="held_in_future",
            message=_(
                "会议开始时间 %(time)s 还没到，不能记为「已召开」。请先选「待召开」，会后再改为「已召开」。"
            )
            % {"time": clock_local(data.starts_at)},
            field="status",
        )


def _title(data: MeetingData) -> str:
    return data.title.strip() or str(MeetingKind(data.kind).label)


@transaction.atomic
def meeting_create(*, unit: Unit, data: MeetingData, actor: Actor) -> Meeting:
    """Record a meeting of ``unit``. Only the unit's officers (``can_manage_unit``) may.

    A meeting of a campaign is refused outside the campaign's meeting window unless the office
    reopened it for the unit. Raises Refused 'forbidden'; MeetingError 'unit_inactive',
    'host_outside', …; or PhaseClosedError.
    """
    _require_recorder(actor, unit)
    if not unit.is_active:
        raise MeetingError(code="unit_inactive", message=_("该组织已停用，不能再记录会议。"))
    _check(unit, data)
    meeting = Meeting.objects.create(
        tenant_id=unit.tenant_id,
        unit=unit,
        campaign=data.campaign,
        kind=data.kind,
        title=_title(data),
        starts_at=data.starts_at,
        place=data.place.strip(),
        host=data.host,
        agenda=data.agenda,
        minutes=data.minutes,
        status=data.status,
        created_by=login_of(actor),
    )
    audit_record(
        actor=actor,
        action="meetings.meeting.created",
        target=meeting,
        unit=unit,
        changes=diff({}, snapshot(meeting, MEETING_FIELDS)),
    )
    return meeting


@transaction.atomic
def meeting_update(*, meeting: Meeting, data: MeetingData, actor: Actor) -> Meeting:
    """Change a meeting's record (e.g. add the minutes and mark it held). Same rules as creating:
    Refused 'forbidden' for anyone but the unit's officers, the office above them and the system."""
    meeting = _lock(meeting.pk, meeting.tenant_id)
    _require_manager(actor, meeting)
    _check(meeting.unit, data, kept_host_id=meeting.host_id)
    before = snapshot(meeting, MEETING_FIELDS)
    meeting.campaign = data.campaign
    meeting.kind = data.kind
    meeting.title = _title(data)
    meeting.starts_at = data.starts_at
    meeting.place = data.place.strip()
    meeting.host = data.host
    meeting.agenda = data.agenda
    meeting.minutes = data.minutes
    meeting.status = data.status
    meeting.save()
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        audit_record(
            actor=actor, action="meetings.meeting.updated", target=meeting, unit=meeting.unit, changes=changes
        )
    return meeting


class MeetingCheckin(CheckinAdapter[Meeting]):
    """Check-in at a meeting (``core.checkin``): open from an hour before the start to four hours
    after it (not for a draft); a member of the meeting's unit or a unit below scans for themself;
    the unit's officers (and the office above them, and the system) keep the list of the unit's
    active members."""

    name = "meetings"
    model = Attendance
    codes = CODES

    def lock(self, target_id: int, *, tenant_id: int) -> Meeting | None:
        return (
            Meeting.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(pk=target_id, tenant_id=tenant_id)
            .first()
        )

    def require_open(self, target: Meeting, *, at: datetime | None = None) -> None:
        checkin_require_open(target, at=at)

    def member_of(self, actor: Actor) -> Member | None:
        return member_for(actor)

    def can_scan(self, actor: Actor, target: Meeting) -> bool:
        return can_check_in(actor, target)

    def scan_refused(self, member: Member | None, target: Meeting | None) -> Refused:
        """'not_in_unit', naming the unit (unless the actor belongs to no school)."""
        if target is None:
            return Refused(_("您不是会议所在单位的会员，不能在这场会议签到。"), code="not_in_unit")
        return Refused(
            _("您不是「%(unit)s」的会员，不能在这场会议签到。如有疑问，请联系会议主持人。")
            % {"unit": target.unit.name},
            code="not_in_unit",
        )

    def not_found(self) -> Refused:
        return Refused(_("找不到这场会议。"), code="not_found")

    def can_tick(self, actor: Actor, target: Meeting) -> bool:
        return can_manage_meeting(actor, target)

    def tick_refused(self) -> Refused:
        return _officers_only()

    def attendees_refused(self, target: Meeting, member_ids: set[int]) -> MeetingError | None:
        """'not_in_unit' for anyone not an active member of the unit's subtree."""
        unit = target.unit
        allowed = set(
            Member.objects.filter(
                tenant_id=target.tenant_id,
                pk__in=member_ids,
                status=MemberStatus.ACTIVE,
                unit__path__startswith=unit.path,
            ).values_list("pk", flat=True)
        )
        outside = member_ids - allowed
        if not outside:
            return None
        names = Member.objects.filter(pk__in=outside, tenant_id=target.tenant_id).values_list(
            "name", flat=True
        )
        return MeetingError(
            code="not_in_unit",
            message=_("%(names)s 不是「%(unit)s」的在职会员，不能登记出席。")
            % {"names": "、".join(names) or _("所选人员"), "unit": unit.name},
        )

    def audit(self, *, actor: Actor, verb: str, target: Meeting, data: Mapping[str, Any]) -> None:
        audit_record(
            actor=actor, action=AUDIT_ACTIONS[verb], target=target, unit=target.unit, data=dict(data)
        )


# The audit actions of the check-in verbs (labels in ``MeetingsConfig.ready``).
AUDIT_ACTIONS = {
    "checked_in": "meetings.attendance.checked_in",
    "set": "meetings.attendance.set",
    "ticked": "meetings.attendance.ticked",
    "unticked": "meetings.attendance.unticked",
}
CHECKIN = MeetingCheckin()


def attendance_set(*, meeting: Meeting, member_ids: Iterable[int], actor: Actor) -> tuple[int, int]:
    """Make the attendance list exactly ``member_ids`` (ticked from the unit's roster), through
    ``core.checkin.services.checkin_set``: members already present keep their row (and how they
    came: ticked or by check-in). Locks the meeting row. Returns (added, removed). Raises Refused
    'forbidden'; MeetingError 'not_in_unit'."""
    return checkin_set(CHECKIN, target=meeting, member_ids=member_ids, actor=actor)


def checkin_window(meeting: Meeting) -> tuple[datetime, datetime]:
    return meeting.starts_at - OPENS_BEFORE, meeting.starts_at + CLOSES_AFTER


def checkin_require_open(meeting: Meeting, *, at: datetime | None = None) -> None:
    """Raises CheckinError 'draft', 'not_open_yet' or 'closed' unless check-in is open now."""
    moment = at or clock.now()
    opens, closes = checkin_window(meeting)
    if meeting.status == MeetingStatus.DRAFT:
        raise CheckinError(code="draft", message=_("该会议还是草稿，尚未发布，不能签到。"))
    if moment < opens:
        raise CheckinError(
            code="not_open_yet",
            message=_("签到尚未开始：会议开始前 1 小时（%(time)s）起可以签到。")
            % {"time": clock_local(opens)},
        )
    if moment > closes:
        raise CheckinError(
            code="closed",
            message=_("签到已结束：签到在会议开始后 4 小时（%(time)s）关闭。")
            % {"time": clock_local(closes)},
        )


def clock_local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def meeting_checkin(
    *, meeting_id: int, code: str, actor: Actor, scanned_before_login: bool = False
) -> CheckinResult[Meeting]:
    """Record that the logged-in ``actor`` attended, from the code they scanned on the host's screen
    (``core.checkin.services.checkin_scan``).

    Checks, in order: the code's signature and age, that it belongs to ``meeting_id``, that the
    meeting is of the actor's school, that the actor is an active member of the meeting's unit or a
    unit below it, and (unless already checked in) that check-in is open (not a draft; from 1 hour
    before the start to 4 hours after). Locks the meeting row; the unique constraint backs "twice
    counts once". ``scanned_before_login``: this browser scanned ``code`` while it was valid and then
    had to log in; the code is then accepted for LOGIN_GRACE_SECONDS. Only for the actor themself
    (``can_check_in``): no one, the system included, checks in someone else (officers tick
    attendance with ``attendance_set``). Raises CheckinError 'code_expired', 'code_invalid',
    'code_other_meeting', 'draft', 'not_open_yet', 'closed'; Refused 'not_found' (no such meeting in
    the actor's school), 'not_in_unit'.
    """
    return checkin_scan(
        CHECKIN, target_id=meeting_id, code=code, actor=actor, scanned_before_login=scanned_before_login
    )


@transaction.atomic
def meeting_file_add(*, meeting: Meeting, upload: IO[bytes], name: str, actor: Actor) -> MeetingFile:
    """Attach a photo or document. The type is read from the content and the size is capped.

    Raises Refused 'forbidden'; FileCheckError 'empty', 'too_large', 'forbidden_type',
    'bad_extension', 'type_mismatch'. Nothing is stored when a check fails.
    """
    meeting = _lock(meeting.pk, meeting.tenant_id)
    _require_manager(actor, meeting)
    item = MeetingFile(tenant_id=meeting.tenant_id, meeting=meeting)
    # Stored under a random name with the checked kind's extension: the user's name is only a label.
    kind = item.attach(upload, name=name, allowed=IMAGES_AND_DOCUMENTS, uploaded_by=login_of(actor))
    item.save()
    audit_record(
        actor=actor,
        action="meetings.file.added",
        target=meeting,
        unit=meeting.unit,
        data={"file": item.original_name, "kind": kind.code, "size": item.size},
    )
    return item


@transaction.atomic
def meeting_file_delete(*, item: MeetingFile, actor: Actor) -> None:
    """Remove an attachment; the stored file is deleted after commit. Raises Refused 'forbidden'
    unless ``actor`` manages the meeting."""
    meeting = _lock(item.meeting_id, item.tenant_id)
    _require_manager(actor, meeting)
    name = item.original_name
    item.delete()  # the stored file goes after commit (``core.attachments.Attachment``)
    audit_record(
        actor=actor, action="meetings.file.deleted", target=meeting, unit=meeting.unit, data={"file": name}
    )
