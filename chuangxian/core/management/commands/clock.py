"""``manage.py clock``: the application's clock. Each round runs every registered periodic job once
(``chuangxian.core.clock_jobs``: the voting clock, the purge of expired export files …); a failing
job is logged and the others still run.

``make run`` starts ``clock --every 60`` next to the task worker; in production run the same as a
service, or ``clock`` (one round) from cron every minute. ``--job NAME`` runs only the jobs named.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chuangxian.core.clock_jobs import Counts, periodic_jobs, run_every, run_round, summary


def add_every_argument(parser: CommandParser) -> None:
    """``--every SECONDS``: keep running (the clock's commands)."""
    parser.add_argument(
        "--every",
        type=int,
        default=0,
        metavar="SECONDS",
        help="keep running, a round every SECONDS seconds (default: one round and exit)",
    )


class Command(BaseCommand):
    help = "Run every registered periodic job once (or every N seconds with --every)."

    def add_arguments(self, parser: CommandParser) -> None:
        add_every_argument(parser)
        parser.add_argument(
            "--job", action="append", dest="jobs", metavar="NAME", help="run only this job (repeatable)"
        )

    def handle(self, *args: Any, every: int = 0, jobs: list[str] | None = None, **options: Any) -> None:
        known = periodic_jobs()
        unknown = sorted(set(jobs or ()) - known.keys())
        if unknown:
            raise CommandError(f"unknown job(s): {', '.join(unknown)}; registered: {', '.join(known)}")
        if every:
            run_every(every, jobs, report=self._report)
        failed = []
        for name, counts in run_round(jobs).items():
            if counts is None:
                failed.append(name)
            else:
                self._report(name, counts)
        if failed:
            raise CommandError(f"job(s) failed: {', '.join(failed)} (see the log)")

    def _report(self, name: str, counts: Counts) -> None:
        self.stdout.write(f"{name}: {summary(counts)}")
