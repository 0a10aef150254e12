"""Attendance at an activity: its check-in adapter (``core.checkin``: the window, who may scan,
whom the organiser may tick), a member's own check-in by scanned code, and the organiser's list."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from chuangxian.activities.audience import activity_groups, groups_label
from chuangxian.activities.checkin import CLOSES_AFTER, CODES, OPENS_BEFORE, CheckinError
from chuangxian.activities.models import Activity, ActivityStatus, Attendance
from chuangxian.activities.permissions import (
    can_check_in,
    can_manage_activity,
    member_in_audience,
    member_in_units,
)
from chuangxian.activities.services._common import ActivityError, _managers_only, local
from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.checkin.adapter import CheckinAdapter
from chuangxian.core.checkin.services import CheckinResult, checkin_scan, checkin_set
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Member, MemberStatus
from chuangxian.orgs.permissions import member_for

# The audit actions of the check-in verbs (labels in ``ActivitiesConfig.ready``).
AUDIT_ACTIONS = {
    "checked_in": "activities.attendance.checked_in",
    "checked_in_many": "activities.attendance.checked_in_many",
    "set": "activities.attendance.set",
    "ticked": "activities.attendance.ticked",
    "unticked": "activities.attendance.unticked",
}


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


class ActivityCheckin(CheckinAdapter[Activity]):
    """Check-in at an activity: open while it runs (published; from an hour before the start to an
    hour after the end); a member of its audience (units, then groups) scans for themself; the
    organiser unit's officers (the office above them, the system) tick members of the audience."""

    name = "activities"
    model = Attendance
    codes = CODES

    def lock(self, target_id: int, *, tenant_id: int) -> Activity | None:
        return (
            Activity.objects.select_for_update(of=("self",))
            .select_related("unit")
            .prefetch_related("audience__unit", "audience_groups")
            .filter(pk=target_id, tenant_id=tenant_id)
            .first()
        )

    def require_open(self, target: Activity, *, at: datetime | None = None) -> None:
        checkin_require_open(target, at=at)

    def member_of(self, actor: Actor) -> Member | None:
        return member_for(actor)

    def can_scan(self, actor: Actor, target: Activity) -> bool:
        return can_check_in(actor, target)

    def scan_refused(self, member: Member | None, target: Activity | None) -> Refused:
        """'not_in_audience' (the units; ``member`` None: the system, a login without a roster row),
        'not_in_groups'."""
        if target is None:
            return Refused(_("您不在这项活动的参加范围内，不能签到。"), code="not_in_audience")
        if member is None or not member_in_units(member, target):
            return Refused(
                _("您不在这项活动的参加范围内，不能签到。如有疑问，请联系主办单位「%(unit)s」。")
                % {"unit": target.unit.name},
                code="not_in_audience",
            )
        return Refused(
            _("这项活动只面向%(groups)s，您不能签到。如有疑问，请联系主办单位「%(unit)s」。")
            % {"groups": groups_label(activity_groups(target)), "unit": target.unit.name},
            code="not_in_groups",
        )

    def not_found(self) -> Refused:
        return Refused(_("找不到这项活动。"), code="not_found")

    def can_tick(self, actor: Actor, target: Activity) -> bool:
        return can_manage_activity(actor, target)

    def tick_refused(self) -> Refused:
        return _managers_only()

    def require_tickable(self, target: Activity) -> None:
        """Raises ActivityError 'not_published' for a draft."""
        if target.status == ActivityStatus.DRAFT:
            raise ActivityError(code="not_published", message=_("活动尚未发布，不能登记出席。"))

    def attendees_refused(self, target: Activity, member_ids: set[int]) -> ActivityError | None:
        """'not_in_audience' for anyone not an active member of the audience (units and groups)."""
        members = Member.objects.filter(
            tenant_id=target.tenant_id, pk__in=member_ids, status=MemberStatus.ACTIVE
        ).select_related("unit")
        outside = member_ids - {m.pk for m in members if member_in_audience(m, target)}
        if not outside:
            return None
        names = "、".join(
            Member.objects.filter(pk__in=outside, tenant_id=target.tenant_id).values_list("name", flat=True)
        ) or _("所选人员")
        groups = activity_groups(target)
        return ActivityError(
            code="not_in_audience",
            message=(
                _("%(names)s 不在这项活动的参加范围内（限%(groups)s），不能登记出席。")
                % {"names": names, "groups": groups_label(groups)}
                if groups
                else _("%(names)s 不在这项活动的参加范围内，不能登记出席。") % {"names": names}
            ),
        )

    def audit(self, *, actor: Actor, verb: str, target: Activity, data: Mapping[str, Any]) -> None:
        audit_record(
            actor=actor, action=AUDIT_ACTIONS[verb], target=target, unit=target.unit, data=dict(data)
        )


CHECKIN = ActivityCheckin()


def attendance_checkin(
    *, activity_id: int, code: str, actor: Actor, scanned_before_login: bool = False
) -> CheckinResult[Activity]:
    """Record that the logged-in ``actor`` attended, from the code scanned on the organiser's screen
    (``core.checkin.services.checkin_scan``).

    Only for the actor themself: a member of the audience (``can_check_in``); no one, the system
    included, checks in someone else (officers tick attendance with ``attendance_set``). Checks, in
    order: the code's signature and age, that it names ``activity_id``, that the activity is of the
    actor's school, that the actor is in the audience (units, then groups), and (unless already
    checked in) that the activity is running (published; from 1 hour before the start to 1 hour
    after the end). Locks the activity row; the unique constraint backs "twice counts once". Raises
    CheckinError 'code_expired', 'code_invalid', 'code_other_activity', 'not_published',
    'not_open_yet', 'closed'; Refused 'not_found' (no such activity in the actor's school),
    'not_in_audience', 'not_in_groups'.
    """
    return checkin_scan(
        CHECKIN, target_id=activity_id, code=code, actor=actor, scanned_before_login=scanned_before_login
    )


def attendance_set(*, activity: Activity, member_ids: Iterable[int], actor: Actor) -> tuple[int, int]:
    """Make the attendance list exactly ``member_ids`` (ticked by the organiser from the list), through
    ``core.checkin.services.checkin_set``: members already present keep their row and method. Locks
    the activity row. Returns (added, removed). Raises Refused 'forbidden'; ActivityError
    'not_published', 'not_in_audience'."""
    return checkin_set(CHECKIN, target=activity, member_ids=member_ids, actor=actor)
