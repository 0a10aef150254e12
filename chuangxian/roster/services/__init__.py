"""Every write of a roster import: upload, check (plan), confirm, discard.

The life of an import: ``roster_import_upload`` stores the file and either checks it at once or
queues the check (``ROSTER_IMPORT_BACKGROUND_ROWS``); ``roster_import_plan`` writes one preview row
per data row; the officer reads the preview and ``roster_import_confirm`` re-plans against the
roster as it is at that moment and applies it through ``orgs.services.roster_apply``, in one
transaction. Nothing touches a member before that.

The services live in one module per concern; this package re-exports them, so
``services.roster_import_upload`` and ``from chuangxian.roster.services import roster_import_upload``
work as before. To patch a name in a test, patch the submodule that uses it.

- ``upload``: the upload, its cheap checks, and the check run at once or queued;
- ``plan``: checking an import and writing its preview rows;
- ``confirm``: re-planning and applying a checked import, at once or queued;
- ``discard``: giving up an import that was not applied.
"""

from chuangxian.roster.services._common import CHUNK, RosterError
from chuangxian.roster.services.confirm import (
    Replan,
    roster_import_confirm,
    roster_import_confirm_failed,
    roster_import_confirm_start,
)
from chuangxian.roster.services.discard import roster_import_discard
from chuangxian.roster.services.plan import roster_import_plan
from chuangxian.roster.services.upload import roster_import_upload

__all__ = [
    "CHUNK",
    "Replan",
    "RosterError",
    "roster_import_confirm",
    "roster_import_confirm_failed",
    "roster_import_confirm_start",
    "roster_import_discard",
    "roster_import_plan",
    "roster_import_upload",
]
