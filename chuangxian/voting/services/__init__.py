"""Every write of the voting engine.

One ballot per voter: ``ballot_cast`` inserts the voter's ``Participation`` (unique per poll and
member) and the anonymous ``Ballot`` in one transaction; a second submission fails on the unique
constraint and stores nothing. The audit log records *that* a member voted, never what. After the
close the ballots are chained by hash in receipt order (random, so the chain says nothing about who
voted when) and counted with the pure functions of ``tally``.

Every write service authorises its actor itself (``voting.permissions``) and raises
``core.errors.Refused`` before it changes anything. The services live in one module per concern;
this package re-exports them, so ``services.poll_create`` and ``from chuangxian.voting.services
import poll_create`` work as before. To patch a name in a test, patch the submodule that uses it.

- ``polls``: setting a poll up (draft only);
- ``opening``: opening, the clock's start of scheduled polls, reminders;
- ``ballots``: checking and casting a ballot;
- ``paper``: the tellers' double entry of paper results;
- ``box``: the sealed ballot box: made at the opening, the scrutineers' shares, opened at the count;
- ``counting``: closing, counting, the scrutineers' confirmation;
- ``release``: ties (lot, run-off) and publishing.
"""

from chuangxian.voting.services._common import VotingError
from chuangxian.voting.services.ballots import Cast, Marks, ballot_cast, ballot_check
from chuangxian.voting.services.box import ShareResult, box_share_collect, box_share_confirm, box_share_submit
from chuangxian.voting.services.counting import poll_close, poll_tally, polls_close_due, scrutineer_confirm
from chuangxian.voting.services.opening import (
    AUTO_REMIND_BEFORE,
    auto_remind_at,
    poll_open,
    poll_remind,
    polls_remind_due,
    polls_start_due,
)
from chuangxian.voting.services.paper import paper_entry_submit, paper_result
from chuangxian.voting.services.polls import (
    POLL_FIELDS,
    PollData,
    QuestionData,
    poll_create,
    poll_update,
    poll_window_check,
    question_add,
    question_remove,
)
from chuangxian.voting.services.release import (
    lot_record,
    pending_before_publish,
    poll_publish,
    runoff_create,
)

__all__ = [
    "AUTO_REMIND_BEFORE",
    "POLL_FIELDS",
    "Cast",
    "Marks",
    "PollData",
    "QuestionData",
    "ShareResult",
    "VotingError",
    "auto_remind_at",
    "ballot_cast",
    "ballot_check",
    "box_share_collect",
    "box_share_confirm",
    "box_share_submit",
    "lot_record",
    "paper_entry_submit",
    "paper_result",
    "pending_before_publish",
    "poll_close",
    "poll_create",
    "poll_open",
    "poll_publish",
    "poll_remind",
    "poll_tally",
    "poll_update",
    "poll_window_check",
    "polls_close_due",
    "polls_remind_due",
    "polls_start_due",
    "question_add",
    "question_remove",
    "runoff_create",
    "scrutineer_confirm",
]
