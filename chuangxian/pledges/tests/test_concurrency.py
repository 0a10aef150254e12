"""Two submissions of the same member at once: exactly one pledge, the other is refused."""

import threading

import pytest
from django.db import connection, connections

from chuangxian.core.errors import DomainError
from chuangxian.pledges.models import Pledge
from chuangxian.pledges.services import pledge_submit
from chuangxian.pledges.tests.conftest import CONTENT

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("phase2"),
]


def _race(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def run(call) -> None:
        try:
            barrier.wait()
            call()
            outcomes.append("ok")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_two_submissions_at_once_make_one_pledge(personas, campaign):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises every writer")

    def submit() -> None:
        pledge_submit(member=personas.member_row, campaign=campaign, content=CONTENT, actor=personas.member)

    assert _race(submit, submit, submit) == ["duplicate", "duplicate", "ok"]
    assert Pledge.objects.count() == 1
