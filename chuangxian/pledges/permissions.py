"""Who sees and changes a pledge.

Published pledges (示诺 and later) are public within the tenant: any logged-in user of the tenant
reads them and any unit's wall. Drafts, pledges under review and returned ones are seen only by the
member and the managers (chair, liaison, office) of the pledge's unit. Everything else is "not found".

Who writes (the services check these themselves): only the member writes, fulfils and reports their
own pledge (``is_owner``; the system writes nobody's pledge); a manager of the pledge's unit, or the
system, reviews it, never their own (``can_review_pledge``); the office configures and closes 评诺
(``can_configure_rating``); who rates, and as what, is ``rating.RaterReach`` (people only).
"""

from chuangxian.campaigns.models import Campaign
from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.models import Member, Unit
from chuangxian.orgs.permissions import can_configure_tenant, can_manage_unit, in_tenant, member_for
from chuangxian.pledges.models import PUBLIC_STATUSES, Pledge


def can_review_pledge(user: Actor, pledge: Pledge) -> bool:
    return can_manage_unit(user, pledge.unit)


def can_review_unit(user: Actor, unit: Unit) -> bool:
    return can_manage_unit(user, unit)


def is_owner(user: Actor, pledge: Pledge) -> bool:
    member = member_for(user)
    return member is not None and member.pk == pledge.member_id


def can_write_pledge_of(user: Actor, member: Member) -> bool:
    """提诺 is the member's own act: nobody (no officer, not the system) writes it for them."""
    own = member_for(user)
    return own is not None and own.pk == member.pk


def can_see_pledge_history(user: Actor, pledge: Pledge) -> bool:
    """Its versions and review comments (修改记录/对比): the member and the unit's managers."""
    return is_owner(user, pledge) or can_review_pledge(user, pledge)


def can_configure_rating(user: Actor, campaign: Campaign) -> bool:
    """The campaign's school union office (or the platform admin, or the system) sets and closes 评诺."""
    return can_configure_tenant(user, campaign.tenant_id)


def can_view_pledge(user: Actor, pledge: Pledge) -> bool:
    if not in_tenant(user, pledge.tenant_id):
        return False
    if pledge.status in PUBLIC_STATUSES:
        return True
    return is_owner(user, pledge) or can_review_pledge(user, pledge)


def access_pledge(user: Actor, pledge_id: int) -> Pledge:
    """The pledge if ``user`` may read it; NotFoundError for missing and forbidden alike."""
    pledge = (
        actor_rows(Pledge.objects.select_related("unit", "member", "campaign"), user)
        .filter(pk=pledge_id)
        .first()
    )
    if pledge is None or not can_view_pledge(user, pledge):
        raise NotFoundError()
    return pledge


def access_wall_unit(user: Actor, unit_id: int) -> Unit:
    """Any unit of the user's tenant: walls are public within the tenant."""
    unit = actor_rows(Unit.objects.all(), user).filter(pk=unit_id, is_active=True).first()
    if unit is None or not in_tenant(user, unit.tenant_id):
        raise NotFoundError()
    return unit


def access_review_unit(user: Actor, unit_id: int) -> Unit:
    unit = actor_rows(Unit.objects.all(), user).filter(pk=unit_id).first()
    if unit is None or not can_review_unit(user, unit):
        raise NotFoundError()
    return unit
