"""The signed, rotating check-in code every check-in target shows as a QR code.

A code is ``signing.dumps({key: target_id, "r": rotation}, salt=...)`` with a timestamp: it names
its meeting or activity, changes every ``ROTATE_SECONDS`` (the rotation counter is the number of
such periods since the epoch), and is accepted for ``VALID_SECONDS`` after it was made. Nobody
without the SECRET_KEY can make one, so a photo of the screen passed around stops working within
two minutes. Each kind of target has its own salt, so one kind's code never passes for another's.
"""

from dataclasses import dataclass
from datetime import datetime

from django.core import signing
from django.utils.functional import Promise

from chuangxian.core import clock
from chuangxian.core.errors import DomainError

ROTATE_SECONDS = 30
VALID_SECONDS = 120
# A phone that scanned a valid code while logged out keeps that code in its session; after logging
# in, the same code is still accepted for this long, so a slow login does not make the member rescan.
LOGIN_GRACE_SECONDS = 10 * 60


class CheckinError(DomainError):
    pass


@dataclass(frozen=True)
class CheckinCode:
    token: str
    rotation: int


def rotation_at(moment: datetime) -> int:
    return int(moment.timestamp()) // ROTATE_SECONDS


@dataclass(frozen=True)
class CodeScheme:
    """The codes of one kind of target. The messages (lazy translations) name where to rescan."""

    salt: str
    key: str  # the payload key holding the target's id
    expired: str | Promise
    tampered: str | Promise
    invalid: str | Promise
    other_code: str  # the error code of a valid code made for another target
    other: str | Promise

    def make(self, target_id: int, *, at: datetime | None = None) -> CheckinCode:
        """The code for the current rotation period (signed now, so valid for VALID_SECONDS)."""
        rotation = rotation_at(at or clock.now())
        token = signing.dumps({self.key: target_id, "r": rotation}, salt=self.salt)
        return CheckinCode(token=token, rotation=rotation)

    def target(self, token: str, *, max_age: int = VALID_SECONDS) -> int:
        """The id a code was made for. Raises CheckinError 'code_expired' or 'code_invalid'."""
        try:
            payload = signing.loads(token, salt=self.salt, max_age=max_age)
        except signing.SignatureExpired as error:
            raise CheckinError(code="code_expired", message=self.expired) from error
        except signing.BadSignature as error:
            raise CheckinError(code="code_invalid", message=self.tampered) from error
        if not isinstance(payload, dict) or not isinstance(payload.get(self.key), int):
            raise CheckinError(code="code_invalid", message=self.invalid)
        return int(payload[self.key])

    def require(self, token: str, target_id: int, *, scanned_before_login: bool = False) -> None:
        """A valid code made for ``target_id``. ``scanned_before_login``: this browser scanned it
        while valid and then had to log in, so it is accepted for LOGIN_GRACE_SECONDS. Raises
        CheckinError 'code_expired', 'code_invalid' or ``other_code``."""
        max_age = LOGIN_GRACE_SECONDS if scanned_before_login else VALID_SECONDS
        if self.target(token, max_age=max_age) != target_id:
            raise CheckinError(code=self.other_code, message=self.other)
