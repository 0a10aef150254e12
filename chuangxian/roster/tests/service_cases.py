"""The roster services on the permission table (tests/service_permissions).

Importing the roster (upload, confirm, discard) is the campaign office's: the tenant's office, the
platform admin and the system (``roster.permissions.can_import_roster``). A chair may not import,
not even a file that lists only their own unit's members. The background confirmation acts as the
officer who confirmed (or the system when no login did), so the rule is checked again when it runs.
"""

import io

from chuangxian.core.actors import SYSTEM
from chuangxian.roster.services import (
    roster_import_confirm,
    roster_import_confirm_start,
    roster_import_discard,
    roster_import_upload,
)
from chuangxian.roster.tests.factories import person, upload, xlsx_bytes
from tests.service_permissions.harness import OFFICE, ServiceCase

IMPORTERS = OFFICE | {"admin"}  # the tenant's office, the platform admin, the system


def _file() -> bytes:
    return xlsx_bytes([person("800001", "导入会员")])


def _checked_import(w):
    """An import of one new member of the college, checked and waiting for confirmation."""
    return upload(w.tree, SYSTEM, _file())


CASES = [
    ServiceCase(
        service=roster_import_upload,
        allowed=IMPORTERS,
        arrange=lambda w: None,
        act=lambda w, _ctx, actor: roster_import_upload(
            tenant=w.tree.tenant,
            upload=io.BytesIO(_file()),
            original_name="名册.xlsx",
            mode="partial",
            actor=actor,
        ),
    ),
    ServiceCase(
        service=roster_import_confirm,
        allowed=IMPORTERS,
        arrange=_checked_import,
        act=lambda w, imp, actor: roster_import_confirm(roster_import_id=imp.pk, actor=actor),
    ),
    ServiceCase(
        service=roster_import_confirm_start,
        allowed=IMPORTERS,
        arrange=_checked_import,
        act=lambda w, imp, actor: roster_import_confirm_start(roster_import_id=imp.pk, actor=actor),
    ),
    ServiceCase(
        service=roster_import_discard,
        allowed=IMPORTERS,
        arrange=_checked_import,
        act=lambda w, imp, actor: roster_import_discard(roster_import_id=imp.pk, actor=actor),
    ),
]
