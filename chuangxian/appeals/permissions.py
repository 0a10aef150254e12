"""Who may do what with an appeal (诉求) and the ledger of practical matters (办实事).

- Any person of the school with a roster row submits an appeal, sees their own, talks in its thread
  and rates its answer (only the submitter rates).
- The handler of an appeal: whoever manages its unit (the unit's chair and liaison, the officers
  above it, the school's office), a holder of the handling-office role (承办部门) at exactly that
  unit, or a holder of the ``HANDLER`` grant on the appeal. The handler accepts, transfers, talks and
  answers; an anonymous appeal shows them 匿名教职工.
- The school's office (``can_configure_tenant``) keeps the list of handling offices, sees the
  statistics and every appeal (names hidden as for a handler), and keeps the ledger; every person of
  the school reads the ledger.

``access_*`` fetch for a page: missing and forbidden are the same 404.
"""

from chuangxian.appeals.models import Appeal, PracticalMatter
from chuangxian.core.actors import Actor, is_person
from chuangxian.core.errors import NotFoundError
from chuangxian.core.roles import Role
from chuangxian.core.tenancy import actor_rows
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import holds_grant
from chuangxian.orgs.permissions import (
    can_configure_tenant,
    can_manage_unit,
    in_tenant,
    member_for,
    officer_unit_ids,
    role_assignments_for,
)


def can_submit(actor: Actor) -> bool:
    """A person of a school with a roster row (the system and the platform admin are nobody)."""
    return is_person(actor) and member_for(actor) is not None


def is_submitter(actor: Actor, appeal: Appeal) -> bool:
    member = member_for(actor) if is_person(actor) else None
    return member is not None and member.pk == appeal.submitter_id and member.tenant_id == appeal.tenant_id


def handling_unit_ids(actor: Actor) -> list[int]:
    """The units at which ``actor`` holds the handling-office role (承办部门); no query of its own
    beyond the roles read once per request."""
    return [unit_id for role, unit_id, _path in role_assignments_for(actor) if role == Role.HANDLING_OFFICE]


def can_handle(actor: Actor, appeal: Appeal) -> bool:
    """Accept, transfer, talk and answer: the managers of the appeal's unit, its handling office, a
    ``HANDLER`` grant on the appeal."""
    if appeal.unit.tenant_id != appeal.tenant_id:
        return False
    return (
        can_manage_unit(actor, appeal.unit)
        or appeal.unit_id in handling_unit_ids(actor)
        or holds_grant(actor, GrantKind.HANDLER, appeal)
    )


def can_oversee(actor: Actor, tenant_id: int) -> bool:
    """The school's office: handling offices, statistics, every appeal, the ledger."""
    return can_configure_tenant(actor, tenant_id)


def can_view_appeal(actor: Actor, appeal: Appeal) -> bool:
    return is_submitter(actor, appeal) or can_handle(actor, appeal) or can_oversee(actor, appeal.tenant_id)


def may_use_inbox(actor: Actor) -> bool:
    """Who has a 待办诉求 inbox: an officer of a unit, a handling office, the school's office (a grant
    holder reaches the appeals granted from the link they are told of)."""
    if actor.tenant_id is None or member_for(actor) is None:
        return False
    return bool(officer_unit_ids(actor) or handling_unit_ids(actor) or can_oversee(actor, actor.tenant_id))


def may_oversee_own_school(actor: Actor) -> bool:
    return (
        actor.tenant_id is not None and member_for(actor) is not None and can_oversee(actor, actor.tenant_id)
    )


def may_read_ledger(actor: Actor) -> bool:
    return actor.tenant_id is not None and in_tenant(actor, actor.tenant_id)


def can_view_matter(actor: Actor, matter: PracticalMatter) -> bool:
    return in_tenant(actor, matter.tenant_id)


def access_appeal(actor: Actor, appeal_id: int, *, handle: bool = False, own: bool = False) -> Appeal:
    """The appeal for a page: its submitter, handler or the office (``handle``: its handler only;
    ``own``: its submitter only); 404 otherwise."""
    appeal = actor_rows(Appeal.objects.select_related("unit"), actor).filter(pk=appeal_id).first()
    if appeal is None:
        raise NotFoundError()
    if own:
        allowed = is_submitter(actor, appeal)
    elif handle:
        allowed = can_handle(actor, appeal)
    else:
        allowed = can_view_appeal(actor, appeal)
    if not allowed:
        raise NotFoundError()
    return appeal


def access_matter(actor: Actor, matter_id: int, *, edit: bool = False) -> PracticalMatter:
    matter = actor_rows(PracticalMatter.objects.select_related("unit"), actor).filter(pk=matter_id).first()
    if matter is None:
        raise NotFoundError()
    allowed = can_oversee(actor, matter.tenant_id) if edit else can_view_matter(actor, matter)
    if not allowed:
        raise NotFoundError()
    return matter
