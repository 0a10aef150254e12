"""``manage.py voting_tick``: the voting clock. It starts the scheduled polls whose start time has
come (and only then tells their voters), closes the polls whose closing time has passed and sends
each open poll's one automatic "closing soon" reminder.

Run it once a minute: ``make run`` starts ``voting_tick --every 60`` next to the task worker; in
production run the same as a service, or ``voting_tick`` from cron every minute.
"""

import logging
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from chuangxian.voting.services import polls_close_due, polls_remind_due, polls_start_due

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Start the scheduled polls that are due, close the polls whose closing time has passed and send the due reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="keep running, ticking every SECONDS seconds (default: tick once and exit)",
        )

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        if not every:
            self._tick(quiet=False)
            return
        while True:
            # A running clock survives a failed tick (a dropped database connection, a locked
            # SQLite file): it logs the error and tries again at the next tick.
            try:
                self._tick(quiet=True)
            except Exception:
                logger.exception("voting_tick failed; trying again in %d s", every)
            close_old_connections()
            time.sleep(every)

    def _tick(self, *, quiet: bool) -> None:
        """One tick; ``quiet``: say nothing when nothing was due (the running clock's log)."""
        started, closed, reminded = polls_start_due(), polls_close_due(), polls_remind_due()
        if started or closed or reminded or not quiet:
            self.stdout.write(
                f"started {started} poll(s), closed {closed} poll(s), reminded {reminded} poll(s)"
            )
