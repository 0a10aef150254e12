"""The signed, rotating check-in code a session's host shows (``core.checkin``'s scheme, this
app's salt): ``{"s": session_id, "r": rotation}``."""

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from chuangxian.core.checkin import CodeScheme

SALT = "chuangxian.congress.checkin"
# Check-in is open from an hour before the start to the end of the session.
OPENS_BEFORE = timedelta(hours=1)

CODES = CodeScheme(
    salt=SALT,
    key="s",
    expired=_("签到码已过期（每个签到码只在 2 分钟内有效）。请重新扫描会场屏幕上的二维码。"),
    tampered=_("签到码无效，可能被改动过。请直接扫描会场屏幕上的二维码。"),
    invalid=_("签到码无效。请直接扫描会场屏幕上的二维码。"),
    other_code="code_other_session",
    other=_("这个签到码属于另一次教代会会议，请扫描本次会议屏幕上的二维码。"),
)
