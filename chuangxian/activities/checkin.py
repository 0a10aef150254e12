"""The signed, rotating check-in code of an activity, shown by the organiser as a QR code.

The same scheme as meetings (``chuangxian.meetings.checkin``: rotation period, validity, error type),
under its own salt so that a meeting's code can never be replayed as an activity's code.
"""

from datetime import datetime, timedelta

from django.core import signing
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.meetings.checkin import (
    LOGIN_GRACE_SECONDS,
    ROTATE_SECONDS,
    VALID_SECONDS,
    CheckinCode,
    CheckinError,
    rotation_at,
)

__all__ = [
    "CLOSES_AFTER",
    "LOGIN_GRACE_SECONDS",
    "OPENS_BEFORE",
    "ROTATE_SECONDS",
    "VALID_SECONDS",
    "CheckinCode",
    "CheckinError",
    "code_activity_id",
    "code_make",
]

SALT = "chuangxian.activities.checkin"
# Check-in is open from an hour before the start until an hour after the end.
OPENS_BEFORE = timedelta(hours=1)
CLOSES_AFTER = timedelta(hours=1)


def code_make(activity_id: int, *, at: datetime | None = None) -> CheckinCode:
    """The code for the current rotation period (signed now, so valid for VALID_SECONDS)."""
    rotation = rotation_at(at or clock.now())
    token = signing.dumps({"a": activity_id, "r": rotation}, salt=SALT)
    return CheckinCode(token=token, rotation=rotation)


def code_activity_id(token: str, *, max_age: int = VALID_SECONDS) -> int:
    """The activity a code was made for. Raises CheckinError 'code_expired' or 'code_invalid'."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise CheckinError(
            code="code_expired",
            message=_("签到码已过期（每个签到码只在 2 分钟内有效）。请重新扫描活动现场屏幕上的二维码。"),
        ) from error
    except signing.BadSignature as error:
        raise CheckinError(
            code="code_invalid", message=_("签到码无效，可能被改动过。请直接扫描活动现场屏幕上的二维码。")
        ) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int):
        raise CheckinError(code="code_invalid", message=_("签到码无效。请直接扫描活动现场屏幕上的二维码。"))
    return int(payload["a"])
