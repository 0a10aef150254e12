"""``clock.as_of`` replays a past moment for the current thread only."""

import threading
from datetime import UTC, date, datetime

import pytest
from django.utils import timezone

from chuangxian.core import clock

# 2011-01-01 03:00 in Asia/Shanghai, still 2010-12-31 in UTC.
EARLY_MORNING = datetime(2010, 12, 31, 19, 0, tzinfo=UTC)


def test_now_and_today_follow_the_real_clock_outside_as_of():
    before = timezone.now()
    assert before <= clock.now() <= timezone.now()
    assert clock.today() == timezone.localdate()


def test_as_of_sets_now_and_todays_local_date():
    with clock.as_of(EARLY_MORNING) as moment:
        assert moment == EARLY_MORNING
        assert clock.now() == EARLY_MORNING
        assert clock.today() == date(2011, 1, 1)  # the installation's date, not UTC's
    assert clock.today() == timezone.localdate()


def test_as_of_blocks_nest_and_restore_the_outer_moment():
    inner = datetime(2012, 8, 1, 4, 0, tzinfo=UTC)
    with clock.as_of(EARLY_MORNING):
        with clock.as_of(inner):
            assert clock.now() == inner
        assert clock.now() == EARLY_MORNING


def test_as_of_restores_the_clock_when_the_block_raises():
    with pytest.raises(RuntimeError), clock.as_of(EARLY_MORNING):
        raise RuntimeError
    assert clock.now() != EARLY_MORNING


def test_as_of_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="timezone-aware"), clock.as_of(datetime(2011, 1, 1, 12, 0)):
        pass


def test_as_of_does_not_move_the_clock_of_other_threads():
    seen: list[date] = []
    entered, checked = threading.Event(), threading.Event()

    def other_thread() -> None:
        entered.wait(timeout=5)
        seen.append(clock.today())
        checked.set()

    thread = threading.Thread(target=other_thread)
    thread.start()
    with clock.as_of(EARLY_MORNING):
        entered.set()
        checked.wait(timeout=5)
        assert clock.today() == date(2011, 1, 1)
    thread.join(timeout=5)
    assert seen == [timezone.localdate()]
