"""Signing up and cancelling, and the waiting list: a freed place goes to the first who waits."""

from datetime import datetime

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils.translation import gettext as _

from chuangxian.activities.audience import activity_groups, groups_label, member_in_groups
from chuangxian.activities.models import Activity, ActivityStatus, Registration, RegistrationStatus
from chuangxian.activities.permissions import can_cancel_registration, can_sign_up, member_in_units
from chuangxian.activities.services._common import ActivityError, _lock, local
from chuangxian.audit.services import audit_record
from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.notifications.services import notify
from chuangxian.orgs.models import Member


def _confirmed_count(activity: Activity) -> int:
    return Registration.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, status=RegistrationStatus.CONFIRMED
    ).count()


def _promote(activity: Activity, actor: Actor) -> list[Registration]:
    """Fill free places from the waiting list in order; the caller holds the activity lock.
    Notifies the promoted members (the e-mail goes after commit)."""
    promoted: list[Registration] = []
    waiting = Registration.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, status=RegistrationStatus.WAITLISTED
    ).order_by("position")
    if activity.capacity is None:
        free = None
    else:
        free = activity.capacity - _confirmed_count(activity)
        if free <= 0:
            return promoted
        waiting = waiting[:free]
    for registration in waiting.select_related("member"):
        registration.status = RegistrationStatus.CONFIRMED
        registration.position = None
        registration.save(update_fields=["status", "position", "updated_at"])
        promoted.append(registration)
    if promoted:
        notify(
            tenant_id=activity.tenant_id,
            recipients=[r.member for r in promoted],
            kind="activities.promoted",
            title=_("您已从候补转为正式报名：%(title)s") % {"title": activity.title},
            body=_("活动时间：%(time)s，地点：%(place)s。")
            % {"time": local(activity.starts_at), "place": activity.place},
            url=reverse("activities:detail", args=[activity.pk]),
        )
        audit_record(
            actor=actor,
            action="activities.registration.promoted",
            target=activity,
            unit=activity.unit,
            data={"members": [r.member.name for r in promoted]},
        )
    return promoted


def signup_require_open(activity: Activity, member: Member, *, now: datetime) -> None:
    """Whether ``member`` may be signed up for ``activity`` at ``now``, whoever asks: the activity is
    published and taking sign-ups, and the member is in its audience (units, then groups). Raises
    ActivityError 'not_open', 'signup_not_open', 'signup_closed', 'not_in_audience', 'not_in_groups'.
    ``registration_signup`` and ``registrations_signup_many`` ask it for every sign-up."""
    if activity.status != ActivityStatus.PUBLISHED:
        raise ActivityError(code="not_open", message=_("该活动未在报名中。"))
    if now < activity.signup_opens_at:
        raise ActivityError(
            code="signup_not_open",
            message=_("报名尚未开始，%(time)s 起可以报名。") % {"time": local(activity.signup_opens_at)},
        )
    if now > activity.signup_closes_at:
        raise ActivityError(
            code="signup_closed",
            message=_("报名已于 %(time)s 截止。") % {"time": local(activity.signup_closes_at)},
        )
    if not member_in_units(member, activity):
        raise ActivityError(
            code="not_in_audience",
            message=_(
                "这项活动只面向指定单位的会员，您不在参加范围内。如有疑问，请联系主办单位「%(unit)s」。"
            )
            % {"unit": activity.unit.name},
        )
    if not member_in_groups(member, activity):
        raise ActivityError(
            code="not_in_groups",
            message=_("这项活动只面向%(groups)s，您不在参加范围内。如有疑问，请联系主办单位「%(unit)s」。")
            % {"groups": groups_label(activity_groups(activity)), "unit": activity.unit.name},
        )


def signup_already(registration: Registration) -> ActivityError:
    """The refusal of a second sign-up while ``registration`` stands."""
    return ActivityError(
        code="already_signed_up",
        message=_("您已经报名了这项活动（%(status)s）。") % {"status": registration.get_status_display()},
    )


@transaction.atomic
def registration_signup(*, activity: Activity, member: Member, actor: Actor) -> Registration:
    """Sign ``member`` up. Locks the activity row, so the confirmed count and the next waiting-list
    position are read and written by one sign-up at a time: capacity holds under concurrency.

    Signing up is the member's own act: ``actor`` must be ``member``'s login (``can_sign_up``); an
    officer or the system signing someone else up is refused. A member who cancelled earlier signs
    up again at the end of the queue. Raises Refused 'not_own'; ActivityError 'not_open' (draft or
    closed), 'signup_not_open', 'signup_closed', 'not_in_audience', 'not_in_groups',
    'already_signed_up'.
    """
    activity = _lock(activity.pk, activity.tenant_id)
    if not can_sign_up(actor, member):
        raise Refused(_("只能为自己报名：请会员本人登录后在活动页面报名。"), code="not_own")
    now = clock.now()
    signup_require_open(activity, member, now=now)
    registration = Registration.objects.filter(
        tenant_id=activity.tenant_id, activity=activity, member=member
    ).first()
    if registration is not None and registration.status != RegistrationStatus.CANCELLED:
        raise signup_already(registration)
    full = activity.capacity is not None and _confirmed_count(activity) >= activity.capacity
    if full:
        last = Registration.objects.filter(tenant_id=activity.tenant_id, activity=activity).aggregate(
            m=Max("position")
        )["m"]
        status, position = RegistrationStatus.WAITLISTED, (last or 0) + 1
    else:
        status, position = RegistrationStatus.CONFIRMED, None
    if registration is None:
        registration = Registration.objects.create(
            tenant_id=activity.tenant_id,
            activity=activity,
            member=member,
            status=status,
            position=position,
            created_at=now,
        )
    else:
        registration.status, registration.position, registration.created_at = status, position, now
        registration.save(update_fields=["status", "position", "created_at", "updated_at"])
    audit_record(
        actor=actor,
        action="activities.registration.signed_up" if not full else "activities.registration.waitlisted",
        target=activity,
        unit=activity.unit,
        data={"member": member.name, "position": position},
    )
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, actor: Actor) -> Registration:
    """Cancel a sign-up (the member themself, or the organiser). Locks the activity row; a freed
    place goes to the first on the waiting list, who is notified. Raises Refused 'forbidden';
    ActivityError 'already_cancelled', 'closed'."""
    activity = _lock(registration.activity_id, registration.tenant_id)
    registration = Registration.objects.select_related("member").get(
        pk=registration.pk, tenant_id=registration.tenant_id
    )
    if not can_cancel_registration(actor, registration, activity):
        raise Refused(
            _("只有报名的会员本人，或主办单位的主席、联络员、学校工会可以取消这条报名。"), code="forbidden"
        )
    if activity.status == ActivityStatus.CLOSED:
        raise ActivityError(code="closed", message=_("活动已结束，不能再取消报名。"))
    if registration.status == RegistrationStatus.CANCELLED:
        raise ActivityError(code="already_cancelled", message=_("这条报名已经取消了。"))
    registration.status = RegistrationStatus.CANCELLED
    registration.position = None
    registration.save(update_fields=["status", "position", "updated_at"])
    audit_record(
        actor=actor,
        action="activities.registration.cancelled",
        target=activity,
        unit=activity.unit,
        data={"member": registration.member.name},
    )
    _promote(activity, actor)
    return registration
