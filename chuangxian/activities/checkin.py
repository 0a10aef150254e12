"""The signed, rotating check-in code of an activity, shown by the organiser as a QR code.

The scheme (rotation, validity, login grace, error type) is ``chuangxian.core.checkin``'s, as for
meetings; an activity's code is ``{"a": activity_id, "r": rotation}`` under its own salt, so a
meeting's code can never be replayed as an activity's code.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from chuangxian.core.checkin import CheckinError, CodeScheme

__all__ = ["CLOSES_AFTER", "CODES", "OPENS_BEFORE", "SALT", "CheckinError", "code_activity_id", "code_make"]

SALT = "chuangxian.activities.checkin"
# Check-in is open from an hour before the start until an hour after the end.
OPENS_BEFORE = timedelta(hours=1)
CLOSES_AFTER = timedelta(hours=1)

CODES = CodeScheme(
    salt=SALT,
    key="a",
    expired=_("签到码已过期（每个签到码只在 2 分钟内有效）。请重新扫描活动现场屏幕上的二维码。"),
    tampered=_("签到码无效，可能被改动过。请直接扫描活动现场屏幕上的二维码。"),
    invalid=_("签到码无效。请直接扫描活动现场屏幕上的二维码。"),
    other_code="code_other_activity",
    other=_("这个签到码属于另一项活动，请扫描本活动现场的二维码。"),
)
code_make = CODES.make
code_activity_id = CODES.target
