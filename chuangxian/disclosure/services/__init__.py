"""Every write of school-affairs disclosure (校务公开), one function per action, each taking a typed
actor.

- ``items``: ``item_publish``, ``item_update``, ``item_withdraw`` (the office), ``rights_update``
  (the office words the four rights), ``item_handlers_name`` (the office names members who answer
  an item's questions besides its responsible office: a handler grant on the item);
- ``feedback``: ``feedback_post`` (a person of the audience comments or asks, under a real name)
  and ``question_answer`` (the responsible office answers in writing).
"""

from chuangxian.disclosure.services._common import DisclosureError, answerers
from chuangxian.disclosure.services.feedback import feedback_check, feedback_post, question_answer
from chuangxian.disclosure.services.items import (
    ItemData,
    item_check,
    item_handlers_name,
    item_publish,
    item_update,
    item_withdraw,
    rights_update,
)

__all__ = [
    "DisclosureError",
    "ItemData",
    "answerers",
    "feedback_check",
    "feedback_post",
    "item_check",
    "item_handlers_name",
    "item_publish",
    "item_update",
    "item_withdraw",
    "question_answer",
    "rights_update",
]
