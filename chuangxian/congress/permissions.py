"""Who may do what with a congress.

- Everyone of the school reads the congresses, their representatives, sessions, agendas, documents
  and the live quorum (the congress is the staff's own; 校务公开 asks as much).
- The congress's unit's managers set it up (``can_manage_congress``): for the school's congress the
  school's union office (校工会, role at the root), for a college's congress that college's chair or
  liaison as well (and the office above them); the system too. They record elections and
  replacements, delegations, sessions, agendas, documents, the attendance list, and create the
  session's polls. The platform admin belongs to no school and manages none.
- A voter of the congress (``is_voter``) checks in at its sessions by the QR code: a representative
  in force (the REPRESENTATIVE grant on the congress, inside its term and not revoked), or, at an
  all-staff meeting, any active member of the unit.

``access_*`` fetch for a page: missing and forbidden are the same 404.
"""

from datetime import date

from chuangxian.congress.models import Congress, Session, SessionDocument
from chuangxian.core.actors import Actor, is_system
from chuangxian.core.errors import NotFoundError
from chuangxian.core.tenancy import actor_rows
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.models import MemberStatus, Unit, UnitKind
from chuangxian.orgs.permissions import can_manage_unit, in_tenant, member_for


def _of_school(actor: Actor, tenant_id: int) -> bool:
    return is_system(actor) or actor.tenant_id == tenant_id


def can_hold_congress(unit: Unit) -> bool:
    """The school (the root) and its second-level unions hold congresses; groups do not."""
    return unit.depth == 1 or (unit.depth == 2 and unit.kind != UnitKind.GROUP)


def can_manage_at(actor: Actor, unit: Unit) -> bool:
    return _of_school(actor, unit.tenant_id) and can_manage_unit(actor, unit)


def can_manage_congress(actor: Actor, congress: Congress) -> bool:
    return can_manage_at(actor, congress.unit)


def can_view_congress(actor: Actor, congress: Congress) -> bool:
    return in_tenant(actor, congress.tenant_id)


def is_voter(actor: Actor, congress: Congress, *, on: date | None = None) -> bool:
    """A representative in force today (the grant), or a member of the unit at an all-staff meeting."""
    member = member_for(actor)
    if member is None or member.tenant_id != congress.tenant_id:
        return False
    if congress.all_staff:
        return member.status == MemberStatus.ACTIVE and member.unit.path.startswith(congress.unit.path)
    return holds_grant(actor, GrantKind.REPRESENTATIVE, congress, on=on)


def is_representative(actor: Actor, congress: Congress, *, on: date | None = None) -> bool:
    """A representative in force (never true at an all-staff meeting): who may propose and co-sign."""
    return not congress.all_staff and holds_grant(actor, GrantKind.REPRESENTATIVE, congress, on=on)


def access_congress(actor: Actor, congress_id: int, *, manage: bool = False) -> Congress:
    congress = actor_rows(Congress.objects.select_related("unit"), actor).filter(pk=congress_id).first()
    if congress is None or not can_view_congress(actor, congress):
        raise NotFoundError()
    if manage and not can_manage_congress(actor, congress):
        raise NotFoundError()
    return congress


def access_session(actor: Actor, session_id: int, *, manage: bool = False) -> Session:
    session = (
        actor_rows(Session.objects.select_related("congress__unit"), actor).filter(pk=session_id).first()
    )
    if session is None or not can_view_congress(actor, session.congress):
        raise NotFoundError()
    if manage and not can_manage_congress(actor, session.congress):
        raise NotFoundError()
    return session


def access_document(actor: Actor, document_id: int) -> SessionDocument:
    document = (
        actor_rows(SessionDocument.objects.select_related("session__congress__unit"), actor)
        .filter(pk=document_id)
        .first()
    )
    if document is None or not can_view_congress(actor, document.session.congress):
        raise NotFoundError()
    return document
