"""What the selection services share: the error type, the office check, the locked selection, and
the writing of an entry's outcome."""

from collections.abc import Collection

from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.selections.models import Entry, Selection
from chuangxian.selections.permissions import can_configure_selections


class SelectionError(DomainError):
    pass


def _require_office(actor: Actor, tenant_id: int) -> None:
    if not can_configure_selections(actor, tenant_id):
        raise Refused(_("只有学校工会（创先办）可以进行此操作。"), code="not_office")


def locked_selection(selection: Selection) -> Selection:
    """The selection re-read with a row lock, within its tenant, with its type and campaign."""
    return (
        Selection.objects.select_for_update(of=("self",))
        .select_related("type", "campaign")
        .get(pk=selection.pk, tenant_id=selection.tenant_id)
    )


def entries_settle(*, tenant_id: int, entry_ids: Collection[int], status: str, reason: str = "") -> int:
    """Write the outcome of entries: removed (with ``reason``) or awarded. The one place another app
    (the public notice, the awards) changes an entry's status; the caller has checked who acts,
    locked what it checked and records the audit entry, inside its own transaction. Returns how many
    rows changed."""
    fields: dict[str, object] = {"status": status, "updated_at": clock.now()}
    if reason:
        fields["removed_reason"] = reason[:300]
    return Entry.objects.filter(tenant_id=tenant_id, pk__in=list(entry_ids)).update(**fields)
