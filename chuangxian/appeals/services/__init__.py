"""Every write of the appeals box and the ledger, one function per action, each taking a typed actor.

- ``appeals``: ``appeal_submit`` (a member), ``appeal_accept``, ``appeal_transfer``,
  ``appeal_answer`` (the handler), ``appeal_message`` (the submitter or the handler),
  ``appeal_rate`` (the submitter only; 不满意 reopens once);
- ``ledger``: ``desk_add`` / ``desk_remove`` (the office's list of handling offices),
  ``appeal_handler_name`` (the office names a handler of one appeal: a ``HANDLER`` grant),
  ``matter_record`` / ``matter_update`` (the office's 办实事台账, linked to appeals).
"""

from chuangxian.appeals.services._common import (
    ANONYMOUS_LABEL,
    AppealError,
    answer_due,
    own_union,
    routable_units,
)
from chuangxian.appeals.services.appeals import (
    AppealData,
    appeal_accept,
    appeal_answer,
    appeal_check,
    appeal_message,
    appeal_rate,
    appeal_submit,
    appeal_transfer,
)
from chuangxian.appeals.services.ledger import (
    MatterData,
    appeal_handler_name,
    desk_add,
    desk_remove,
    matter_check,
    matter_record,
    matter_update,
)

__all__ = [
    "ANONYMOUS_LABEL",
    "AppealData",
    "AppealError",
    "MatterData",
    "answer_due",
    "appeal_accept",
    "appeal_answer",
    "appeal_check",
    "appeal_handler_name",
    "appeal_message",
    "appeal_rate",
    "appeal_submit",
    "appeal_transfer",
    "desk_add",
    "desk_remove",
    "matter_check",
    "matter_record",
    "matter_update",
    "own_union",
    "routable_units",
]
