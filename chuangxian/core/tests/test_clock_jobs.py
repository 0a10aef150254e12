"""The clock's registry of periodic jobs and ``manage.py clock``: every job runs each round, one
failing job neither stops the others nor the clock."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from chuangxian.core import clock_jobs


@pytest.fixture
def jobs(monkeypatch) -> list[str]:
    """A registry of its own: ``first`` and ``third`` count, ``second`` fails; the list of what ran."""
    ran: list[str] = []

    def job(name: str, count: int):
        def run() -> dict[str, int]:
            ran.append(name)
            if name == "second":
                raise RuntimeError("database connection lost")
            return {"done": count}

        return run

    monkeypatch.setattr(clock_jobs, "_JOBS", {})
    for name, count in (("first", 1), ("second", 0), ("third", 0)):
        clock_jobs.register_periodic(name, job(name, count))
    return ran


def test_a_round_runs_every_registered_job(jobs):
    assert list(clock_jobs.periodic_jobs()) == ["first", "second", "third"]
    results = clock_jobs.run_round()
    assert jobs == ["first", "second", "third"]
    assert results == {"first": {"done": 1}, "second": None, "third": {"done": 0}}
    assert clock_jobs.run_round(["third"]) == {"third": {"done": 0}} and jobs[-1] == "third"


def test_a_failing_job_is_logged_and_the_others_still_run(jobs, caplog):
    call = StringIO()
    with pytest.raises(CommandError, match="second"):
        call_command("clock", stdout=call)
    assert jobs == ["first", "second", "third"]  # the third ran after the second failed
    assert "clock job second failed" in caplog.text and "database connection lost" in caplog.text
    assert "first: done 1" in call.getvalue() and "third: done 0" in call.getvalue()


def test_the_running_clock_reports_what_was_done_and_survives_a_failure(jobs, monkeypatch, db):
    class Stop(Exception):
        pass

    sleeps: list[float] = []

    def sleep(seconds: float) -> None:
        sleeps.append(seconds)
        if len(sleeps) == 2:
            raise Stop

    monkeypatch.setattr(clock_jobs.time, "sleep", sleep)
    out = StringIO()
    with pytest.raises(Stop):
        call_command("clock", every=60, stdout=out)
    assert jobs == ["first", "second", "third"] * 2 and sleeps == [60, 60]  # a second round
    assert out.getvalue().splitlines() == ["first: done 1"] * 2  # only a job that did something


def test_an_unknown_job_is_refused(jobs):
    with pytest.raises(CommandError, match="unknown job"):
        call_command("clock", jobs=["nothing"])
    assert jobs == []


def test_the_apps_register_their_jobs():
    assert {"exports_purge", "voting_tick"} <= clock_jobs.periodic_jobs().keys()
