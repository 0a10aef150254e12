"""The periodic jobs the clock (``manage.py clock``) runs once a round, every minute in production.

An app registers its jobs in its ``AppConfig.ready``::

    register_periodic("exports_purge", lambda: {"deleted": export_jobs_purge()})

A job takes no argument and returns what it did as counts (``{"closed": 2, "reminded": 0}``): the
clock reports a job only when one of its counts is not zero. One failing job (a dropped database
connection, a locked SQLite file) is logged and the others still run; it runs again the next round.
A job must be safe to run at any moment and more than once (it looks for what is due), since a round
may also be run by hand or from cron (``manage.py clock``, once).
"""

import logging
import time
from collections.abc import Callable, Iterable, Mapping
from typing import NoReturn

from django.db import close_old_connections

logger = logging.getLogger(__name__)

Counts = Mapping[str, int]
Job = Callable[[], Counts]

_JOBS: dict[str, Job] = {}


def register_periodic(name: str, fn: Job) -> None:
    """Add a job (a name already registered is replaced: ``ready`` may run more than once)."""
    _JOBS[name] = fn


def periodic_jobs() -> dict[str, Job]:
    """The registered jobs by name, in the order they were registered."""
    return dict(_JOBS)


def run_round(names: Iterable[str] | None = None) -> dict[str, Counts | None]:
    """Run each job once (``names``: only these; default: all); a job that raised gives None."""
    results: dict[str, Counts | None] = {}
    for name in list(names) if names is not None else list(_JOBS):
        try:
            results[name] = _JOBS[name]()
        except Exception:
            logger.exception("clock job %s failed; it runs again next round", name)
            results[name] = None
    return results


def run_every(
    seconds: int,
    names: Iterable[str] | None = None,
    *,
    report: Callable[[str, Counts], None],
    sleep: Callable[[float], None] | None = None,
) -> NoReturn:
    """Run a round every ``seconds`` seconds, for ever; ``report(name, counts)`` for each job that did
    something (a count not zero). ``sleep``: ``time.sleep`` unless given."""
    sleep = sleep or time.sleep
    chosen = list(names) if names is not None else None
    while True:
        for name, counts in run_round(chosen).items():
            if counts and any(counts.values()):
                report(name, counts)
        close_old_connections()  # a connection a job lost is opened afresh next round
        sleep(seconds)


def summary(counts: Counts) -> str:
    """``closed 2, reminded 0``."""
    return ", ".join(f"{key} {value}" for key, value in counts.items())
