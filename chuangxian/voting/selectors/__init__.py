"""Reads the voting pages share, one module per concern: which polls a person sees (``listing``), who
may vote (``electorate``), the scrutineers and tellers (``officers``), definitions, results and
ties (``results``), the ballot paper (``ballot``), and the sealed ballot box (``box``).
"""

from chuangxian.voting.selectors.ballot import (
    ballot_questions,
    ballot_summary,
    can_vote_now,
    has_voted,
    paper_state,
)
from chuangxian.voting.selectors.box import (
    BoxCount,
    BoxState,
    ShareHolder,
    box_count,
    box_plan,
    box_state,
    box_trackers,
)
from chuangxian.voting.selectors.electorate import (
    ElectoratePreview,
    ElectorateUnit,
    electorate_members,
    electorate_preview,
    poll_turnout,
)
from chuangxian.voting.selectors.listing import (
    organiser_units,
    polls_for_member,
    polls_organised_in,
    polls_to_vote,
)
from chuangxian.voting.selectors.officers import (
    Officer,
    officer_staff_numbers,
    poll_officers,
    scrutineer_get,
    scrutineers,
)
from chuangxian.voting.selectors.results import (
    RULE_TEXT,
    ballot_records,
    poll_definition,
    poll_ties,
    published_ballots,
    published_list,
    result_view,
)

__all__ = [
    "RULE_TEXT",
    "BoxCount",
    "BoxState",
    "ElectoratePreview",
    "ElectorateUnit",
    "Officer",
    "ShareHolder",
    "ballot_questions",
    "ballot_records",
    "ballot_summary",
    "box_count",
    "box_plan",
    "box_state",
    "box_trackers",
    "can_vote_now",
    "electorate_members",
    "electorate_preview",
    "has_voted",
    "officer_staff_numbers",
    "organiser_units",
    "paper_state",
    "poll_definition",
    "poll_officers",
    "poll_ties",
    "poll_turnout",
    "polls_for_member",
    "polls_organised_in",
    "polls_to_vote",
    "published_ballots",
    "published_list",
    "result_view",
    "scrutineer_get",
    "scrutineers",
]
