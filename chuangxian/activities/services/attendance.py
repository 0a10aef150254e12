"""Attendance: the check-in window, a member's own check-in by scanned code, and the organiser's
ticked list."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.activities.audience import activity_groups, groups_label
from chuangxian.activities.checkin import CLOSES_AFTER, CODES, OPENS_BEFORE, CheckinError
from chuangxian.activities.models import Activity, ActivityStatus, Attendance, AttendanceMethod
from chuangxian.activities.permissions import can_check_in, member_in_audience, member_in_units
from chuangxian.activities.services._common import ActivityError, _lock, _require_manager, local
from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.checkin import attendance_record_once, attendance_sync
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.permissions import member_for


@dataclass(frozen=True)
class CheckinResult:
    activity: Activity
    attendance: Attendance
    already: bool


def checkin_window(activity: Activity) -> tuple[datetime, datetime]:
    return activity.starts_at - OPENS_BEFORE, activity.ends_at + CLOSES_AFTER


def checkin_require_open(activity: Activity, *, at: datetime | None = None) -> None:
    """Raises CheckinError 'not_published', 'not_open_yet' or 'closed' unless the activity is running."""
    moment = at or clock.now()
    opens, closes = checkin_window(activity)
    if activity.status == ActivityStatus.DRAFT:
        raise CheckinError(code="not_published", message=_("该活动尚未发布，不能签到。"))
    if activity.status == ActivityStatus.CLOSED:
        raise CheckinError(code="closed", message=_("该活动已结束，签到已关闭。"))
    if moment < opens:
        raise CheckinError(
            code="not_open_yet",
            message=_("签到尚未开始：活动开始前 1 小时（%(time)s）起可以签到。") % {"time": local(opens)},
        )
    if moment > closes:
        raise CheckinError(
            code="closed",
            message=_("签到已结束：签到在活动结束后 1 小时（%(time)s）关闭。") % {"time": local(closes)},
        )


def _checkin_refusal(member: Member | None, activity: Activity) -> Refused:
    """Why ``member`` (None: a login without a roster row, or the system) may not check in: 'not_found'
    for another school's member (the refusal would name the unit), 'not_in_audience', 'not_in_groups'."""
    if member is not None and member.tenant_id != activity.tenant_id:
        return Refused(_("找不到这项活动。"), code="not_found")
    if member is None or not member_in_units(member, activity):
        return Refused(
            _("您不在这项活动的参加范围内，不能签到。如有疑问，请联系主办单位「%(unit)s」。")
            % {"unit": activity.unit.name},
            code="not_in_audience",
        )
    return Refused(
        _("这项活动只面向%(groups)s，您不能签到。如有疑问，请联系主办单位「%(unit)s」。")
        % {"groups": groups_label(activity_groups(activity)), "unit": activity.unit.name},
        code="not_in_groups",
    )


@transaction.atomic
def attendance_checkin(
    *, activity_id: int, code: str, actor: Actor, scanned_before_login: bool = False
) -> CheckinResult:
    """Record that the logged-in ``actor`` attended, from the code scanned on the organiser's screen.

    Only for the actor themself: a member of the audience (``can_check_in``); no one, the system
    included, checks in someone else (officers tick attendance with ``attendance_set``). Checks, in
    order: the code's signature and age, that it names ``activity_id``, that the actor is in the
    audience (units, then groups), and that the activity is running (published; from 1 hour before
    the start to 1 hour after the end). Locks the activity row; the unique constraint backs "twice
    counts once". Raises CheckinError 'code_expired', 'code_invalid', 'code_other_activity',
    'not_found' (no such activity), 'not_published', 'not_open_yet', 'closed'; Refused 'not_found'
    (another school's member), 'not_in_audience', 'not_in_groups'.
    """
    CODES.require(code, activity_id, scanned_before_login=scanned_before_login)
    member = member_for(actor)
    activity = (
        Activity.objects.select_for_update(of=("self",))
        .select_related("unit")
        .prefetch_related("audience__unit", "audience_groups")
        .filter(pk=activity_id)
        .first()
    )
    if activity is None:
        raise CheckinError(code="not_found", message=_("找不到这项活动。"))
    if member is None or not can_check_in(actor, activity):
        raise _checkin_refusal(member, activity)
    attendance, already = attendance_record_once(
        Attendance,
        key={"tenant_id": activity.tenant_id, "activity": activity},
        member=member,
        require_open=lambda: checkin_require_open(activity),
        fields={"method": AttendanceMethod.CHECKIN, "at": clock.now()},
    )
    if not already:
        audit_record(
            actor=actor,
            action="activities.attendance.checked_in",
            target=activity,
            unit=activity.unit,
            data={"member": member.name},
        )
    return CheckinResult(activity=activity, attendance=attendance, already=already)


@transaction.atomic
def attendance_set(*, activity: Activity, member_ids: Iterable[int], actor: Actor) -> tuple[int, int]:
    """Make the attendance list exactly ``member_ids`` (ticked by the organiser from the list).

    Members already present keep their row and method. Locks the activity row. Returns (added,
    removed). Raises Refused 'forbidden'; ActivityError 'not_published', 'not_in_audience'.
    """
    activity = _lock(activity.pk)
    _require_manager(actor, activity)
    if activity.status == ActivityStatus.DRAFT:
        raise ActivityError(code="not_published", message=_("活动尚未发布，不能登记出席。"))
    wanted = set(member_ids)
    members = list(
        Member.objects.filter(
            tenant_id=activity.tenant_id, pk__in=wanted, status=MemberStatus.ACTIVE
        ).select_related("unit")
    )
    allowed = {m.pk for m in members if member_in_audience(m, activity)}
    outside = wanted - allowed
    if outside:
        names = "、".join(
            Member.objects.filter(pk__in=outside, tenant_id=activity.tenant_id).values_list("name", flat=True)
        ) or _("所选人员")
        groups = activity_groups(activity)
        raise ActivityError(
            code="not_in_audience",
            message=(
                _("%(names)s 不在这项活动的参加范围内（限%(groups)s），不能登记出席。")
                % {"names": names, "groups": groups_label(groups)}
                if groups
                else _("%(names)s 不在这项活动的参加范围内，不能登记出席。") % {"names": names}
            ),
        )
    added, removed = attendance_sync(
        Attendance,
        key={"tenant_id": activity.tenant_id, "activity": activity},
        wanted=wanted,
        fields={"method": AttendanceMethod.TICKED, "at": clock.now()},
    )
    if added or removed:
        audit_record(
            actor=actor,
            action="activities.attendance.set",
            target=activity,
            unit=activity.unit,
            data={"added": len(added), "removed": len(removed), "attended": len(wanted)},
        )
    return len(added), len(removed)
