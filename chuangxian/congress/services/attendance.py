"""Attendance at a session through the shared check-in (``core.checkin``): a voter scans the host's
QR code on their phone; the congress's managers keep the list by hand. The quorum is read from these
rows (``selectors.session_quorum``), never typed."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.congress.checkin import CODES, OPENS_BEFORE
from chuangxian.congress.models import Session, SessionAttendance
from chuangxian.congress.permissions import can_manage_congress, is_voter
from chuangxian.congress.selectors import congress_voters
from chuangxian.congress.services._common import CongressError, refused_not_manager
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.checkin import CheckinError
from chuangxian.core.checkin.adapter import CheckinAdapter
from chuangxian.core.checkin.services import CheckinResult, checkin_scan, checkin_set
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Member
from chuangxian.orgs.permissions import member_for

AUDIT_ACTIONS = {
    "checked_in": "congress.attendance.checked_in",
    "checked_in_many": "congress.attendance.checked_in_many",
    "set": "congress.attendance.set",
    "ticked": "congress.attendance.ticked",
    "unticked": "congress.attendance.unticked",
}


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def checkin_require_open(session: Session, *, at: datetime | None = None) -> None:
    """Raises CheckinError 'not_open_yet' or 'closed' outside an hour before the start to the end."""
    moment = at or clock.now()
    opens = session.starts_at - OPENS_BEFORE
    if moment < opens:
        raise CheckinError(
            code="not_open_yet",
            message=_("签到尚未开始：会议开始前 1 小时（%(t)s）起可以签到。") % {"t": _local(opens)},
        )
    if moment > session.ends_at:
        raise CheckinError(
            code="closed", message=_("会议已结束（%(t)s），签到已关闭。") % {"t": _local(session.ends_at)}
        )


class SessionCheckin(CheckinAdapter[Session]):
    """Check-in at a congress session: open from an hour before the start to the end; a voter of
    the congress (a representative in force, or a member of the unit at an all-staff meeting) scans
    for themself; the congress's managers tick voters by hand."""

    name = "congress"
    model = SessionAttendance
    codes = CODES

    def lock(self, target_id: int, *, tenant_id: int) -> Session | None:
        return (
            Session.objects.select_for_update(of=("self",))
            .select_related("congress__unit")
            .filter(pk=target_id, tenant_id=tenant_id)
            .first()
        )

    def require_open(self, target: Session, *, at: datetime | None = None) -> None:
        checkin_require_open(target, at=at)

    def member_of(self, actor: Actor) -> Member | None:
        return member_for(actor)

    def can_scan(self, actor: Actor, target: Session) -> bool:
        return is_voter(actor, target.congress)

    def scan_refused(self, member: Member | None, target: Session | None) -> Refused:
        return Refused(_("您不是本届教代会的代表，不能在本次会议签到。"), code="not_voter")

    def not_found(self) -> Refused:
        return Refused(_("找不到这次会议。"), code="not_found")

    def can_tick(self, actor: Actor, target: Session) -> bool:
        return can_manage_congress(actor, target.congress)

    def tick_refused(self) -> Refused:
        return refused_not_manager()

    def attendees_refused(self, target: Session, member_ids: set[int]) -> CongressError | None:
        voters = set(congress_voters(target.congress).filter(pk__in=member_ids).values_list("pk", flat=True))
        outside = member_ids - voters
        if not outside:
            return None
        names = "、".join(
            Member.objects.filter(tenant_id=target.tenant_id, pk__in=outside).values_list("name", flat=True)
        )
        return CongressError(
            code="not_voter", message=_("%(names)s 不是本届教代会的代表，不能登记出席。") % {"names": names}
        )

    def audit(self, *, actor: Actor, verb: str, target: Session, data: Mapping[str, Any]) -> None:
        audit_record(
            actor=actor, action=AUDIT_ACTIONS[verb], target=target, unit=target.congress.unit, data=dict(data)
        )


CHECKIN = SessionCheckin()


def session_checkin(
    *, session_id: int, code: str, actor: Actor, scanned_before_login: bool = False
) -> CheckinResult[Session]:
    """Record that the logged-in ``actor`` (themself only) attends the session, from the code on
    the host's screen (``core.checkin.services.checkin_scan``). Locks the session. Raises
    CheckinError 'code_expired', 'code_invalid', 'code_other_session', 'not_open_yet', 'closed';
    Refused 'not_found', 'not_voter'."""
    return checkin_scan(
        CHECKIN, target_id=session_id, code=code, actor=actor, scanned_before_login=scanned_before_login
    )


def session_attendance_set(*, session: Session, member_ids: Iterable[int], actor: Actor) -> tuple[int, int]:
    """Make the attendance list exactly ``member_ids`` (ticked by the congress's managers); members
    already there keep how they came. Returns (added, removed). Raises Refused 'not_manager';
    CongressError 'not_voter'."""
    return checkin_set(CHECKIN, target=session, member_ids=member_ids, actor=actor)
