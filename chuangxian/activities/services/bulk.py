"""Sign-ups and QR check-ins many at a time, by the platform recording each member's own act (the
demo's replay of phase 2). See ``core.batch`` for the shape of a batched service.

Each batch is one activity's: it locks the activity once and checks, for every item, what the single
service checks for one call, at the item's moment: ``registration_signup`` (``can_sign_up`` for the
item's author, ``signup_require_open``, no standing sign-up, the capacity then the waiting list in
the items' order) and ``attendance_checkin`` (the shared check-in's ``checkin_scan_many``: the
adapter's ``can_scan`` and window, once per member). The authors' roster rows and roles are read
once per batch (``orgs.permissions.actors_prime``), so a batch costs the same few queries for ten
members as for a thousand.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from chuangxian.activities.models import Activity, Attendance, Registration, RegistrationStatus
from chuangxian.activities.permissions import can_sign_up
from chuangxian.activities.services._common import _lock
from chuangxian.activities.services.attendance import CHECKIN
from chuangxian.activities.services.registrations import signup_already, signup_require_open
from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor
from chuangxian.core.batch import require_batch_recorder
from chuangxian.core.checkin.services import Scan, checkin_scan_many
from chuangxian.core.errors import Refused
from chuangxian.orgs.models import Member
from chuangxian.orgs.permissions import actors_prime

R = RegistrationStatus


@dataclass(frozen=True)
class SignupItem:
    """``registration_signup(activity=..., member=member, actor=by)`` at ``at``."""

    by: Actor
    member: Member
    at: datetime


@transaction.atomic
def registrations_signup_many(
    *, activity: Activity, items: Sequence[SignupItem], actor: Actor
) -> list[Registration]:
    """Many members' ``registration_signup`` for one activity, each the member's own act
    (``item.by``), recorded by the system (``actor``), in the items' order (the sign-up order:
    confirmed up to the capacity, then the waiting list numbered on from its last position). Returns
    the registrations in the items' order.

    Per item, at ``item.at``: ``can_sign_up(by, member)``, ``signup_require_open`` and no standing
    sign-up (counting the batch's own items); a cancelled sign-up is taken up again, as the single
    service does. Locks the activity. One audit entry per outcome ('activities.registrations.signed_up',
    'activities.registrations.waitlisted') with the count and the names. Raises Refused 'not_system',
    'not_own'; ActivityError 'not_open', 'signup_not_open', 'signup_closed', 'not_in_audience',
    'not_in_groups', 'already_signed_up': the batch writes nothing then.
    """
    require_batch_recorder(actor)
    actors_prime(item.by for item in items)
    activity = _lock(activity.pk, activity.tenant_id)
    members = {
        m.pk: m
        for m in Member.objects.select_related("unit").filter(
            tenant_id=activity.tenant_id, pk__in=[item.member.pk for item in items]
        )
    }
    standing = {
        r.member_id: r for r in Registration.objects.filter(tenant_id=activity.tenant_id, activity=activity)
    }
    confirmed = sum(r.status == R.CONFIRMED for r in standing.values())
    last = Registration.objects.filter(tenant_id=activity.tenant_id, activity=activity).aggregate(
        m=Max("position")
    )["m"]
    position = last or 0
    registrations: list[Registration] = []
    for item in items:
        member = members.get(item.member.pk, item.member)
        if not can_sign_up(item.by, member):
            raise Refused(_("只能为自己报名：请会员本人登录后在活动页面报名。"), code="not_own")
        signup_require_open(activity, member, now=item.at)
        registration = standing.get(member.pk)
        if registration is not None and registration.status != R.CANCELLED:
            raise signup_already(registration)
        if registration is None:
            registration = Registration(tenant_id=activity.tenant_id, activity=activity, member=member)
        registration.member = member
        if activity.capacity is not None and confirmed >= activity.capacity:
            position += 1
            registration.status, registration.position = R.WAITLISTED, position
        else:
            confirmed += 1
            registration.status, registration.position = R.CONFIRMED, None
        registration.created_at = item.at
        standing[member.pk] = registration
        registrations.append(registration)
    for registration in registrations:
        if registration.pk is not None:  # a cancelled sign-up taken up again
            registration.save(update_fields=["status", "position", "created_at", "updated_at"])
    Registration.objects.bulk_create([r for r in registrations if r.pk is None], batch_size=500)
    for status, action in ((R.CONFIRMED, "signed_up"), (R.WAITLISTED, "waitlisted")):
        names = [r.member.name for r in registrations if r.status == status]
        if names:
            audit_record(
                actor=actor,
                action=f"activities.registrations.{action}",
                target=activity,
                unit=activity.unit,
                data={"count": len(names), "members": names},
            )
    return registrations


def attendance_checkin_many(*, activity: Activity, scans: Sequence[Scan], actor: Actor) -> list[Attendance]:
    """Many members' ``attendance_checkin`` at one activity, each the member's own scan (``scan.by``
    at ``scan.at``), recorded by the system (``actor``): ``core.checkin.services.checkin_scan_many``
    with the activities' adapter (its ``can_scan``, window and audit: one entry,
    'activities.attendance.checked_in_many'). A member already there counts once. Returns the rows
    created. Raises Refused 'not_system', 'not_found', 'not_in_audience', 'not_in_groups';
    CheckinError 'not_published', 'not_open_yet', 'closed'.
    """
    require_batch_recorder(actor)
    actors_prime(scan.by for scan in scans)
    rows = checkin_scan_many(CHECKIN, target=activity, scans=scans, actor=actor)
    return cast(list[Attendance], rows)  # the adapter's model: activities.Attendance
