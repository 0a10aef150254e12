"""Who may do what with awards.

- The school's campaign office (``can_configure_tenant``; the platform admin, the system) announces
  the winners, edits the certificate template, flags exemplars and drafts the winners' notice.
- Everyone of the school sees a selection's results and the exemplars (an announcement is public
  within the school).
- A certificate is seen by the office and the leadership, by whoever may view the nominating unit's
  records (its officers: ``selections.can_view_entry``), and by the winner in person.

``access_*`` fetch for a page: missing and forbidden are the same 404.
"""

from chuangxian.awards.models import Award
from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.permissions import can_configure_tenant, in_tenant
from chuangxian.selections.permissions import can_view_entry


def can_manage_awards(actor: Actor, tenant_id: int) -> bool:
    return can_configure_tenant(actor, tenant_id)


def can_view_results(actor: Actor, tenant_id: int) -> bool:
    return in_tenant(actor, tenant_id)


def can_view_certificate(actor: Actor, award: Award) -> bool:
    """``award`` with its entry, the entry's nominating unit and member read (``CERTIFICATE_RELATED``)."""
    if can_manage_awards(actor, award.tenant_id):
        return True
    entry = award.entry
    member = entry.member
    if member is not None and member.user_id is not None and member.user_id == actor.pk:
        return True
    return can_view_entry(actor, entry)


CERTIFICATE_RELATED = ("entry__nominating_unit", "entry__member")


def access_award(actor: Actor, award_id: int, *, manage: bool = False) -> Award:
    award = actor_rows(Award.objects.select_related(*CERTIFICATE_RELATED), actor).filter(pk=award_id).first()
    if award is None:
        raise NotFoundError()
    allowed = can_manage_awards(actor, award.tenant_id) if manage else can_view_certificate(actor, award)
    if not allowed:
        raise NotFoundError()
    return award
