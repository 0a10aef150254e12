"""The congress's write services (one function per action; each decides who may act, locks what it
checks and leaves an audit entry). Split by subject; the names are re-exported here."""

from chuangxian.congress.services._common import CongressError
from chuangxian.congress.services.attendance import CHECKIN, session_attendance_set, session_checkin
from chuangxian.congress.services.congresses import (
    CongressData,
    congress_create,
    congress_update,
    delegation_save,
    representative_elect,
    representative_replace,
)
from chuangxian.congress.services.polls import session_poll_create
from chuangxian.congress.services.sessions import (
    SessionData,
    agenda_item_add,
    agenda_item_move,
    agenda_item_remove,
    document_add,
    document_remove,
    session_create,
    session_update,
)

__all__ = [
    "CHECKIN",
    "CongressData",
    "CongressError",
    "SessionData",
    "agenda_item_add",
    "agenda_item_move",
    "agenda_item_remove",
    "congress_create",
    "congress_update",
    "delegation_save",
    "document_add",
    "document_remove",
    "representative_elect",
    "representative_replace",
    "session_attendance_set",
    "session_checkin",
    "session_create",
    "session_poll_create",
    "session_update",
]
