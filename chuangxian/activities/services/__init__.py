"""Every write to activities, their registrations and their attendance.

Every write service authorises its actor itself (``activities.permissions``) and raises
``core.errors.Refused`` before it changes anything. The services live in one module per concern;
this package re-exports them, so ``services.activity_create`` and ``from
chuangxian.activities.services import activity_create`` work as before. To patch a name in a test,
patch the submodule that uses it.

- ``_common``: the error type, an activity's data, the authority checks, the activity row lock;
- ``checks``: the rules of an activity's data and the campaign windows (``ActivityForm`` runs some);
- ``activities``: creating, editing (audience included), publishing and closing an activity;
- ``registrations``: signing up, cancelling, and the waiting list;
- ``attendance``: the check-in adapter (``core.checkin``), a member's check-in by code, the
  organiser's ticked list;
- ``photos``: uploading an activity's photos.
"""

from chuangxian.activities.services._common import ACTIVITY_FIELDS, ActivityData, ActivityError, local
from chuangxian.activities.services.activities import (
    EXCLUDED_NAMES_SHOWN,
    activity_close,
    activity_create,
    activity_publish,
    activity_update,
)
from chuangxian.activities.services.attendance import (
    CHECKIN,
    attendance_checkin,
    attendance_set,
    checkin_require_open,
    checkin_window,
)
from chuangxian.activities.services.checks import activity_signup_check, activity_times_check
from chuangxian.activities.services.photos import activity_photo_add
from chuangxian.activities.services.registrations import registration_cancel, registration_signup
from chuangxian.core.checkin.services import CheckinResult

__all__ = [
    "ACTIVITY_FIELDS",
    "CHECKIN",
    "EXCLUDED_NAMES_SHOWN",
    "ActivityData",
    "ActivityError",
    "CheckinResult",
    "activity_close",
    "activity_create",
    "activity_photo_add",
    "activity_publish",
    "activity_signup_check",
    "activity_times_check",
    "activity_update",
    "attendance_checkin",
    "attendance_set",
    "checkin_require_open",
    "checkin_window",
    "local",
    "registration_cancel",
    "registration_signup",
]
