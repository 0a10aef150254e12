"""``manage.py voting_tick``: the voting clock's job. It starts the scheduled polls whose start time
has come (and only then tells their voters), closes the polls whose closing time has passed and sends
each open poll's one automatic "closing soon" reminder.

The job (``chuangxian.voting.clock``) is registered with the application's clock
(``chuangxian.core.clock_jobs``) as ``voting_tick`` in ``VotingConfig.ready``: ``make run`` starts ``clock --every 60``, which runs it every minute with the other
periodic jobs. This command runs the voting job alone, as before: ``voting_tick`` once (cron, every
minute) or ``voting_tick --every 60`` as a service.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from chuangxian.core.clock_jobs import Counts, run_every
from chuangxian.core.management.commands.clock import add_every_argument
from chuangxian.voting.clock import JOB, voting_job


class Command(BaseCommand):
    help = "Start the scheduled polls that are due, close the polls whose closing time has passed and send the due reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        add_every_argument(parser)

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        if every:
            # A running clock survives a failed tick (a dropped database connection, a locked SQLite
            # file): the clock logs "clock job voting_tick failed" and tries again at the next tick.
            run_every(every, [JOB], report=self._report, sleep=time.sleep)
        self._report(JOB, voting_job())

    def _report(self, name: str, counts: Counts) -> None:
        self.stdout.write(
            f"started {counts['started']} poll(s), closed {counts['closed']} poll(s), "
            f"reminded {counts['reminded']} poll(s)"
        )
