"""What the selection services share: the error type, the office check, the locked selection."""

from django.utils.translation import gettext as _

from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.selections.models import Selection
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
