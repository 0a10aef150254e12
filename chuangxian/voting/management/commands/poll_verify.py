"""``manage.py poll_verify FILE`` (or ``--poll ID``): recompute a published poll from its ballot list.

Reads only the published JSON (as downloaded from the poll's 选票清单 page), recomputes the hash
chain, the counts and the outcome, and says whether they match what was published.
"""

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from chuangxian.voting import tally


class Command(BaseCommand):
    help = "Recompute a published poll's hash chain, counts and outcome from its published ballot list."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("file", nargs="?", help="the published ballots.json")
        parser.add_argument("--poll", type=int, help="read the published list of this poll from the database")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["poll"]:
            from chuangxian.voting.models import Poll, PollStatus
            from chuangxian.voting.selectors import published_list

            # An operator's command on the platform: it names a poll of any tenant.
            poll = Poll.objects.all_tenants().filter(pk=options["poll"], status=PollStatus.PUBLISHED).first()
            if poll is None:
                raise CommandError("no published poll with that id")
            published = json.loads(json.dumps(published_list(poll)))
        elif options["file"]:
            with open(options["file"], encoding="utf-8") as handle:
                published = json.load(handle)
        else:
            raise CommandError("give the published ballots.json or --poll ID")
        problems = tally.verify(published)
        counts = published["counts"]
        self.stdout.write(
            f"ballots: {len(published['ballots'])} online, {counts['paper']} paper; final hash {published['final_hash']}"
        )
        if problems:
            for problem in problems:
                self.stderr.write(f"MISMATCH: {problem}")
            raise CommandError("the published result does not match its ballot list")
        self.stdout.write(self.style.SUCCESS("OK: chain, counts and outcome all match the published result"))
        # Matched, so this is also the fingerprint of the final hash this recount computed.
        self.stdout.write(f"fingerprint {tally.fingerprint(published['final_hash'])}")
