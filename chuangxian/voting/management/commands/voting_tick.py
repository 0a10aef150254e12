"""``manage.py voting_tick``: the voting clock. It closes the polls whose closing time has passed
and sends each open poll's one automatic "closing soon" reminder.

Run it once a minute: ``make run`` starts ``voting_tick --every 60`` next to the task worker; in
production run the same as a service, or ``voting_tick`` from cron every minute.
"""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections

from chuangxian.voting.services import polls_close_due, polls_remind_due


class Command(BaseCommand):
    help = "Close the polls whose closing time has passed and send the due reminders."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--every",
            type=int,
            default=0,
            metavar="SECONDS",
            help="keep running, ticking every SECONDS seconds (default: tick once and exit)",
        )

    def handle(self, *args: Any, every: int = 0, **options: Any) -> None:
        while True:
            closed, reminded = polls_close_due(), polls_remind_due()
            if closed or reminded or not every:
                self.stdout.write(f"closed {closed} poll(s), reminded {reminded} poll(s)")
            if not every:
                return
            close_old_connections()
            time.sleep(every)
