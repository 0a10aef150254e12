"""Helpers for the race tests: start several calls at the same moment, each on its own connection."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections

from chuangxian.core.errors import DomainError

# A module of race tests: real transactions on PostgreSQL, skipped on SQLite.
postgres_race = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="needs PostgreSQL: SQLite serialises every writer"
    ),
]


def run_together(*targets: Callable[[], object]) -> list[BaseException]:
    """Run each target in its own thread, all released at once, each closing its connections when done.

    Returns the exceptions the targets raised: an empty list when none did.
    """
    barrier = threading.Barrier(len(targets))
    errors: list[BaseException] = []

    def run(target: Callable[[], object]) -> None:
        try:
            barrier.wait()
            target()
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(target,)) for target in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def recording(outcomes: list[str], call: Callable[[], object], ok: str = "ok") -> Callable[[], None]:
    """A target that runs ``call`` and appends ``ok``, or the code of the DomainError it raised, to ``outcomes``."""

    def target() -> None:
        try:
            call()
        except DomainError as error:
            outcomes.append(error.code)
        else:
            outcomes.append(ok)

    return target
