"""Every write to proposals, one function per action, each taking a typed actor: ``drafting`` (the
collection's settings, a representative's draft, co-signing, submission) and ``handling`` (the
committee's decision and assignment, the offices' contributions and answers, the ratings, reminders).
"""

from chuangxian.proposals.services._common import ProposalError
from chuangxian.proposals.services.drafting import (
    ProposalData,
    collection_set,
    cosign_answer,
    cosigners_invite,
    default_window,
    proposal_create,
    proposal_submit,
    proposal_update,
)
from chuangxian.proposals.services.forwarding import proposal_forward, school_sessions_collecting
from chuangxian.proposals.services.handling import (
    cohandler_note,
    proposal_answer,
    proposal_assign,
    proposal_decide,
    proposal_rate,
    proposals_remind_overdue,
)

__all__ = [
    "ProposalData",
    "ProposalError",
    "cohandler_note",
    "collection_set",
    "cosign_answer",
    "cosigners_invite",
    "default_window",
    "proposal_answer",
    "proposal_assign",
    "proposal_create",
    "proposal_decide",
    "proposal_forward",
    "proposal_rate",
    "proposal_submit",
    "proposal_update",
    "proposals_remind_overdue",
    "school_sessions_collecting",
]
