"""The signed, rotating check-in code a meeting's host shows as a QR code.

The scheme (rotation, validity, login grace, error type) is ``chuangxian.core.checkin``'s; a
meeting's code is ``{"m": meeting_id, "r": rotation}`` under the meetings' own salt.
"""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from chuangxian.core.checkin import CheckinError, CodeScheme

__all__ = ["CLOSES_AFTER", "CODES", "OPENS_BEFORE", "SALT", "CheckinError", "code_make", "code_meeting_id"]

SALT = "chuangxian.meetings.checkin"
# Check-in is open from an hour before the start to four hours after it.
OPENS_BEFORE = timedelta(hours=1)
CLOSES_AFTER = timedelta(hours=4)

CODES = CodeScheme(
    salt=SALT,
    key="m",
    expired=_("签到码已过期（每个签到码只在 2 分钟内有效）。请重新扫描会场屏幕上的二维码。"),
    tampered=_("签到码无效，可能被改动过。请直接扫描会场屏幕上的二维码。"),
    invalid=_("签到码无效。请直接扫描会场屏幕上的二维码。"),
    other_code="code_other_meeting",
    other=_("这个签到码属于另一场会议，请扫描本场会议屏幕上的二维码。"),
)
code_make = CODES.make
code_meeting_id = CODES.target
