"""What the congress services share: the error type, the manager check, the locks."""

from django.utils.translation import gettext as _

from chuangxian.congress.models import Congress, Session
from chuangxian.congress.permissions import can_manage_congress
from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused


class CongressError(DomainError):
    pass


def refused_not_manager() -> Refused:
    return Refused(
        _("只有本届教代会所在单位的工会（学校教代会为校工会，学院教代会为学院分工会主席、联络员）可以办理。"),
        code="not_manager",
    )


def locked_congress(congress: Congress, actor: Actor) -> Congress:
    """The congress row locked within its tenant, after the manager check (Refused 'not_manager')."""
    locked = (
        Congress.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=congress.pk, tenant_id=congress.tenant_id)
    )
    if not can_manage_congress(actor, locked):
        raise refused_not_manager()
    return locked


def locked_session(session: Session, actor: Actor) -> Session:
    """The session locked (and its congress's manager check), Refused 'not_manager'."""
    locked = (
        Session.objects.select_for_update(of=("self",))
        .select_related("congress__unit")
        .get(pk=session.pk, tenant_id=session.tenant_id)
    )
    if not can_manage_congress(actor, locked.congress):
        raise refused_not_manager()
    return locked
