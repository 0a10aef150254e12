"""Voting pages: the organiser's setup (``setup``) and dashboard (``running``), the voter's ballot and
receipt and the tellers' paper entry (``ballot``), the scrutineers' shares of the sealed box
(``box``), and the released result with its ballot list (``results``).
"""

from chuangxian.voting.views.ballot import VOTED_SESSION_KEY, paper, vote, voted
from chuangxian.voting.views.box import box, share
from chuangxian.voting.views.results import ballots, ballots_json, result, result_print, verify
from chuangxian.voting.views.running import (
    poll_close_view,
    poll_confirm_view,
    poll_detail,
    poll_lot_view,
    poll_open_view,
    poll_publish_view,
    poll_remind_view,
    poll_runoff_view,
    poll_tally_view,
)
from chuangxian.voting.views.setup import (
    index,
    poll_create_view,
    poll_edit,
    question_add_view,
    question_remove_view,
)

__all__ = [
    "VOTED_SESSION_KEY",
    "ballots",
    "ballots_json",
    "box",
    "index",
    "paper",
    "poll_close_view",
    "poll_confirm_view",
    "poll_create_view",
    "poll_detail",
    "poll_edit",
    "poll_lot_view",
    "poll_open_view",
    "poll_publish_view",
    "poll_remind_view",
    "poll_runoff_view",
    "poll_tally_view",
    "question_add_view",
    "question_remove_view",
    "result",
    "result_print",
    "share",
    "verify",
    "vote",
    "voted",
]
