"""The signed, rotating check-in code a host shows as a QR code.

A code is ``signing.dumps({"m": meeting_id, "r": rotation})`` with a timestamp: it names its meeting,
changes every ``ROTATE_SECONDS`` (the rotation counter is the number of such periods since the
epoch), and is accepted for ``VALID_SECONDS`` after it was made. Nobody without the SECRET_KEY can
make one, so a photo of the screen passed around stops working within two minutes.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core import signing
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.errors import DomainError

SALT = "chuangxian.meetings.checkin"
ROTATE_SECONDS = 30
VALID_SECONDS = 120
# A phone that scanned a valid code while logged out keeps that code in its session; after logging
# in, the same code is still accepted for this long, so a slow login does not make the member rescan.
LOGIN_GRACE_SECONDS = 10 * 60
# Check-in is open from an hour before the start to four hours after it.
OPENS_BEFORE = timedelta(hours=1)
CLOSES_AFTER = timedelta(hours=4)


class CheckinError(DomainError):
    pass


@dataclass(frozen=True)
class CheckinCode:
    token: str
    rotation: int


def rotation_at(moment: datetime) -> int:
    return int(moment.timestamp()) // ROTATE_SECONDS


def code_make(meeting_id: int, *, at: datetime | None = None) -> CheckinCode:
    """The code for the current rotation period (signed now, so valid for VALID_SECONDS)."""
    rotation = rotation_at(at or clock.now())
    token = signing.dumps({"m": meeting_id, "r": rotation}, salt=SALT)
    return CheckinCode(token=token, rotation=rotation)


def code_meeting_id(token: str, *, max_age: int = VALID_SECONDS) -> int:
    """The meeting a code was made for. Raises CheckinError 'code_expired' or 'code_invalid'."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise CheckinError(
            code="code_expired",
            message=_("签到码已过期（每个签到码只在 2 分钟内有效）。请重新扫描会场屏幕上的二维码。"),
        ) from error
    except signing.BadSignature as error:
        raise CheckinError(
            code="code_invalid", message=_("签到码无效，可能被改动过。请直接扫描会场屏幕上的二维码。")
        ) from error
    if not isinstance(payload, dict) or not isinstance(payload.get("m"), int):
        raise CheckinError(code="code_invalid", message=_("签到码无效。请直接扫描会场屏幕上的二维码。"))
    return int(payload["m"])
