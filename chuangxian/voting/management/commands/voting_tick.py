"""``manage.py voting_tick``: close the polls whose closing time has passed (run it from cron)."""

from typing import Any

from django.core.management.base import BaseCommand

from chuangxian.voting.services import polls_close_due


class Command(BaseCommand):
    help = "Close every open poll whose closing time has passed."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"closed {polls_close_due()} poll(s)")
