"""Discarding an import that was not applied: its preview rows and its stored file."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor
from chuangxian.core.attachments import discard
from chuangxian.roster.models import ImportStatus, RosterImport, RosterImportRow
from chuangxian.roster.services._common import RosterError, _require_importer


@transaction.atomic
def roster_import_discard(*, roster_import_id: int, actor: Actor) -> RosterImport:
    """Give up an import that was not applied: its preview rows and the stored file are deleted.

    Locks the import row. Side effect after commit: the file is removed from storage.
    Raises Refused 'not_office' (``can_import_roster``), RosterError 'cannot_discard' for an import
    that is applied or being applied.
    """
    # Locked in any tenant: the rule below refuses another tenant's actor.
    roster_import = RosterImport.objects.all_tenants().select_for_update().get(pk=roster_import_id)
    _require_importer(actor, roster_import.tenant_id)
    if roster_import.status in (ImportStatus.DONE, ImportStatus.CONFIRMING, ImportStatus.DISCARDED):
        raise RosterError(
            code="cannot_discard",
            message=_("这次导入的状态是「%(status)s」，不能放弃。")
            % {"status": roster_import.get_status_display()},
        )
    RosterImportRow.objects.filter(tenant_id=roster_import.tenant_id, roster_import=roster_import).delete()
    roster_import.status = ImportStatus.DISCARDED
    roster_import.save(update_fields=["status", "updated_at"])
    discard(roster_import.file)  # after commit; a no-op when nothing was stored
    audit_record(
        actor=actor,
        action="roster.import.discarded",
        target=roster_import,
        data={"file": roster_import.original_name},
    )
    return roster_import
