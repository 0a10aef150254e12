"""What the disclosure services share: the error type, the office check, who answers an item."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.disclosure.models import DisclosureItem
from chuangxian.disclosure.permissions import ANSWER_ROLES, can_publish
from chuangxian.grants.models import GrantKind
from chuangxian.grants.selectors import grant_holders
from chuangxian.orgs.models import Member, RoleAssignment


class DisclosureError(DomainError):
    pass


def _require_office(actor: Actor, tenant_id: int) -> None:
    if not can_publish(actor, tenant_id):
        raise Refused(
            _("只有学校工会（校务公开办公室）可以发布、修改和撤回校务公开事项。"), code="not_office"
        )


def answerers(item: DisclosureItem) -> QuerySet[Member]:
    """Who is told of a new question: the responsible office's people (an answering role at exactly
    the responsible unit) and the members holding a handler grant on the item."""
    tenant_id = item.tenant_id
    officers = RoleAssignment.objects.filter(
        tenant_id=tenant_id, unit_id=item.responsible_unit_id, role__in=sorted(ANSWER_ROLES)
    ).values("member_id")
    handlers = grant_holders(GrantKind.HANDLER, item).filter(member__isnull=False).values("member_id")
    return Member.objects.filter(Q(pk__in=officers) | Q(pk__in=handlers), tenant_id=tenant_id)
