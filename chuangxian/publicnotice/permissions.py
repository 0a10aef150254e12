"""Who may do what with a public notice (公示).

- The school's campaign office (``can_configure_tenant``: with the platform admin and the system)
  publishes the notice, answers objections and finalises the result.
- A holder of the discipline-inspection grant (``GrantKind.DISCIPLINE``, held on the selection and
  given by the office) answers objections too.
- Every logged-in person of the school reads the notice and may object (with a real name); a person
  sees their own objections with the answers; the office and the discipline grant see them all.

``access_*`` fetch for a page: missing and forbidden are the same 404.
"""

from chuangxian.core.actors import Actor, is_person
from chuangxian.core.errors import NotFoundError
from chuangxian.core.tenancy import actor_rows
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.permissions import can_configure_tenant, in_tenant, member_for
from chuangxian.publicnotice.models import Objection, PublicNotice
from chuangxian.selections.models import Selection


def can_publish(actor: Actor, tenant_id: int) -> bool:
    return can_configure_tenant(actor, tenant_id)


def can_answer(actor: Actor, selection: Selection) -> bool:
    """Investigate and answer objections: the office, or the selection's discipline grant."""
    return can_configure_tenant(actor, selection.tenant_id) or holds_grant(
        actor, GrantKind.DISCIPLINE, selection
    )


def can_view_notice(actor: Actor, notice: PublicNotice) -> bool:
    return in_tenant(actor, notice.tenant_id)


def can_object(actor: Actor, notice: PublicNotice) -> bool:
    """A person of the school with a roster row (the system and a platform admin are nobody's name)."""
    if not is_person(actor):
        return False
    member = member_for(actor)
    return member is not None and member.tenant_id == notice.tenant_id


def can_view_objection(actor: Actor, objection: Objection, selection: Selection) -> bool:
    return (objection.filed_by_id == actor.pk and is_person(actor)) or can_answer(actor, selection)


def access_notice(actor: Actor, notice_id: int) -> PublicNotice:
    notice = (
        actor_rows(PublicNotice.objects.select_related("selection__type", "official_notice"), actor)
        .filter(pk=notice_id)
        .first()
    )
    if notice is None or not can_view_notice(actor, notice):
        raise NotFoundError()
    return notice


def access_objection(actor: Actor, objection_id: int, *, answer: bool = False) -> Objection:
    objection = (
        actor_rows(Objection.objects.select_related("notice__selection", "item"), actor)
        .filter(pk=objection_id)
        .first()
    )
    if objection is None:
        raise NotFoundError()
    selection = objection.notice.selection
    allowed = can_answer(actor, selection) if answer else can_view_objection(actor, objection, selection)
    if not allowed:
        raise NotFoundError()
    return objection
