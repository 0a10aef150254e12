"""The one place that reads the clock, so tests can freeze it (time-machine) and services agree.

``as_of`` replays history: inside ``with clock.as_of(moment):`` the services see ``moment`` as now,
so their phase-window checks and the times they store (check-in, submission, confirmation) are
those of that moment. The demo uses it to record phase-1 work through the real services. It is
not a test tool (tests freeze the whole process with time-machine) and it is not for requests.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from django.utils import timezone

# Set only inside ``as_of``. A ContextVar, not a module global: each thread (and each asyncio task)
# sees its own value, so a replay in one thread never moves the clock of a request in another.
_as_of: ContextVar[datetime | None] = ContextVar("chuangxian_clock_as_of", default=None)


def now() -> datetime:
    """The current moment (timezone-aware), or the replayed one inside ``as_of``."""
    moment = _as_of.get()
    return moment if moment is not None else timezone.now()


def today() -> date:
    """Today's date in the installation's time zone (Asia/Shanghai by default), or the replayed
    moment's date there inside ``as_of``."""
    moment = _as_of.get()
    return timezone.localdate(moment) if moment is not None else timezone.localdate()


@contextmanager
def as_of(moment: datetime) -> Iterator[datetime]:
    """Make ``now()`` return ``moment`` and ``today()`` its local date, for the current thread only.

    The clock stands still at ``moment`` (it does not tick). Blocks nest; leaving one restores the
    clock that was in force before it, also when the block raises. Only ``core.clock`` is affected:
    Django's own ``timezone.now()`` (``auto_now`` fields, sessions) keeps the real time.
    Raises ValueError for a naive datetime.
    """
    if timezone.is_naive(moment):
        raise ValueError("clock.as_of needs a timezone-aware datetime")
    token = _as_of.set(moment)
    try:
        yield moment
    finally:
        _as_of.reset(token)
