"""The activities' write services on the permission table (tests/service_permissions).

Every activity is organised by 文学与传播学院 for its own subtree, so its chair and liaison (and the
office above them, the platform admin and the system: ``can_manage_unit``) manage it and the sibling
college's chair may not. Signing up and scanning the check-in code are the member's own acts: the
sign-up is for ``member_row`` (so only the plain member may make it), and any member of the audience
(the plain member, and the college's chair and liaison, who are members there) may check themself in;
nobody checks in or signs up someone else, not even the system. A sign-up is cancelled by its member
or by a manager. The clock stands in phase 2 (sign-up open) or during the activity, as each call needs.
"""

import io
from collections.abc import Callable
from typing import TypeVar

import time_machine

from chuangxian.activities.checkin import code_make
from chuangxian.activities.models import Activity, Registration
from chuangxian.activities.services import (
    ActivityData,
    activity_close,
    activity_create,
    activity_photo_add,
    activity_publish,
    activity_update,
    attendance_checkin,
    attendance_set,
    registration_cancel,
    registration_signup,
)
from chuangxian.activities.services.bulk import (
    SignupItem,
    attendance_checkin_many,
    registrations_signup_many,
)
from chuangxian.activities.tests.factories import activity_data, make_activity
from chuangxian.campaigns.models import Campaign
from chuangxian.campaigns.tests.factories import make_campaign
from chuangxian.core import clock
from chuangxian.core.actors import SYSTEM, Actor
from chuangxian.core.checkin.services import Scan
from tests.service_permissions.harness import ServiceCase, World

MANAGERS = {"chair", "liaison", "office", "admin", "system"}  # can_manage_unit of the college
AUDIENCE = {"member", "chair", "liaison"}  # active members of the college's subtree, for themselves

IN_PHASE_2 = "2011-03-10 10:00 +0800"  # activity window and sign-up open
RUNNING = "2011-03-20 14:10 +0800"  # the activity (14:00-17:00) is on: check-in open, it may close
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

T = TypeVar("T")


def at(moment: str, call: Callable[[], T]) -> T:
    with time_machine.travel(moment, tick=False):
        return call()


def _campaign(w: World) -> Campaign:
    return make_campaign(w.tree.tenant)


def _college_data(w: World, **fields: object) -> ActivityData:
    return activity_data(whole_tenant=False, audience_units=[w.tree.college], **fields)


def _activity(w: World, *, publish: bool = True) -> Activity:
    campaign = _campaign(w)
    return at(
        IN_PHASE_2,
        lambda: make_activity(
            campaign,
            w.tree.college,
            w.personas.chair,
            publish=publish,
            whole_tenant=False,
            audience_units=[w.tree.college],
        ),
    )


def _registration(w: World) -> Registration:
    activity = _activity(w)
    return at(
        IN_PHASE_2,
        lambda: registration_signup(activity=activity, member=w.personas.member_row, actor=w.personas.member),
    )


CASES = [
    ServiceCase(
        service=activity_create,
        allowed=MANAGERS,
        arrange=_campaign,
        act=lambda w, campaign, actor: at(
            IN_PHASE_2,
            lambda: activity_create(
                campaign=campaign, unit=w.tree.college, data=_college_data(w), actor=actor
            ),
        ),
    ),
    ServiceCase(
        service=activity_update,
        allowed=MANAGERS,
        arrange=_activity,
        act=lambda w, activity, actor: at(
            IN_PHASE_2,
            lambda: activity_update(
                activity=activity, data=_college_data(w, title="改过的名称"), actor=actor
            ),
        ),
    ),
    ServiceCase(
        service=activity_publish,
        allowed=MANAGERS,
        arrange=lambda w: _activity(w, publish=False),
        act=lambda w, activity, actor: activity_publish(activity=activity, actor=actor),
    ),
    ServiceCase(
        service=activity_close,
        allowed=MANAGERS,
        arrange=_activity,
        act=lambda w, activity, actor: at(
            RUNNING, lambda: activity_close(activity=activity, report="圆满完成。", actor=actor)
        ),
    ),
    ServiceCase(
        service=registration_signup,
        allowed={"member"},
        arrange=_activity,
        act=lambda w, activity, actor: at(
            IN_PHASE_2,
            lambda: registration_signup(activity=activity, member=w.personas.member_row, actor=actor),
        ),
    ),
    ServiceCase(
        service=registration_cancel,
        allowed=MANAGERS | {"member"},
        arrange=_registration,
        act=lambda w, registration, actor: registration_cancel(registration=registration, actor=actor),
    ),
    ServiceCase(
        service=attendance_checkin,
        allowed=AUDIENCE,
        arrange=_activity,
        act=lambda w, activity, actor: at(
            RUNNING,
            lambda: attendance_checkin(
                activity_id=activity.pk, code=code_make(activity.pk).token, actor=actor
            ),
        ),
    ),
    ServiceCase(
        service=attendance_set,
        allowed=MANAGERS,
        arrange=_activity,
        act=lambda w, activity, actor: at(
            RUNNING,
            lambda: attendance_set(activity=activity, member_ids=[w.personas.member_row.pk], actor=actor),
        ),
    ),
    ServiceCase(
        service=activity_photo_add,
        allowed=MANAGERS,
        arrange=_activity,
        act=lambda w, activity, actor: activity_photo_add(
            activity=activity, upload=io.BytesIO(PNG), name="现场.png", actor=actor
        ),
    ),
]


# The batched services (services/bulk.py): the system records them (``actor``); each item is checked
# as its own author's act (``by``), with the single service's rule. Two cases each: the recorder (only
# the system), and the item's author (signing up the plain member; scanning for oneself).
def _signup_many(w: World, activity: Activity, recorder: Actor, by: Actor) -> object:
    return at(
        IN_PHASE_2,
        lambda: registrations_signup_many(
            activity=activity,
            items=[SignupItem(by=by, member=w.personas.member_row, at=clock.now())],
            actor=recorder,
        ),
    )


def _checkin_many(activity: Activity, recorder: Actor, by: Actor) -> object:
    return at(
        RUNNING,
        lambda: attendance_checkin_many(
            activity=activity, scans=[Scan(by=by, at=clock.now())], actor=recorder
        ),
    )


CASES += [
    ServiceCase(
        service=registrations_signup_many,
        allowed={"system"},
        arrange=_activity,
        act=lambda w, activity, actor: _signup_many(w, activity, actor, w.personas.member),
    ),
    ServiceCase(
        service=registrations_signup_many,
        name="by",
        allowed={"member"},
        arrange=_activity,
        act=lambda w, activity, actor: _signup_many(w, activity, SYSTEM, actor),
    ),
    ServiceCase(
        service=attendance_checkin_many,
        allowed={"system"},
        arrange=_activity,
        act=lambda w, activity, actor: _checkin_many(activity, actor, w.personas.member),
    ),
    ServiceCase(
        service=attendance_checkin_many,
        name="by",
        allowed=AUDIENCE,
        arrange=_activity,
        act=lambda w, activity, actor: _checkin_many(activity, SYSTEM, actor),
    ),
]
