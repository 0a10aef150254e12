"""Two submissions of the same member at once: exactly one pledge, the other is refused."""

from collections.abc import Callable

import pytest

from chuangxian.pledges.models import Pledge
from chuangxian.pledges.services import pledge_submit
from chuangxian.pledges.tests.conftest import CONTENT
from tests.races import postgres_race, recording, run_together

pytestmark = [*postgres_race, pytest.mark.usefixtures("phase2")]


def _race(*calls: Callable[[], object]) -> list[str]:
    outcomes: list[str] = []
    assert run_together(*[recording(outcomes, call) for call in calls]) == []
    return sorted(outcomes)


def test_two_submissions_at_once_make_one_pledge(personas, campaign):
    def submit() -> None:
        pledge_submit(member=personas.member_row, campaign=campaign, content=CONTENT, actor=personas.member)

    assert _race(submit, submit, submit) == ["duplicate", "duplicate", "ok"]
    assert Pledge.objects.count() == 1
