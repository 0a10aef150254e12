"""Check-in, one mechanism for every kind of target (meetings, activities, later congress sessions).

- ``codes``: the signed, rotating QR code (``CodeScheme``: one salt and set of messages per kind);
- ``models``: the abstract ``Attendance`` row (member, method, time) each kind subclasses;
- ``adapter``: ``CheckinAdapter``, what a kind tells the services (its model, codes and rules), and
  the registry its app adds it to in ``AppConfig.ready``;
- ``services``: the one implementation of scan, tick, untick and the ticked list;
- ``views``: the host's QR screen and the phone's scan page.

Only ``codes`` is re-exported here; import the rest from its module.
"""

from chuangxian.core.checkin.codes import (
    LOGIN_GRACE_SECONDS,
    ROTATE_SECONDS,
    VALID_SECONDS,
    CheckinCode,
    CheckinError,
    CodeScheme,
    rotation_at,
)

__all__ = [
    "LOGIN_GRACE_SECONDS",
    "ROTATE_SECONDS",
    "VALID_SECONDS",
    "CheckinCode",
    "CheckinError",
    "CodeScheme",
    "rotation_at",
]
