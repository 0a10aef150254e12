"""What every part of the roster import services shares: the error type, the chunk size, the
importer's check and the login to name as uploader or confirmer."""

from django.utils.translation import gettext as _

from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.roster.permissions import can_import_roster

CHUNK = 500  # rows planned, looked up and written per step


class RosterError(DomainError):
    pass


def _require_importer(actor: Actor, tenant_id: int) -> None:
    if not can_import_roster(actor, tenant_id):
        raise Refused(_("只有学校工会可以导入名册。"), code="not_office")
