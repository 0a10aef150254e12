"""What the public-notice services share: the error type, the office check, the rows they lock and
the people they tell."""

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuangxian.core.actors import Actor
from chuangxian.core.errors import DomainError, Refused
from chuangxian.core.roles import Role
from chuangxian.grants.models import GrantKind
from chuangxian.grants.selectors import grant_holders
from chuangxian.orgs.models import Member, RoleAssignment
from chuangxian.publicnotice.models import PublicNotice
from chuangxian.publicnotice.permissions import can_publish
from chuangxian.selections.models import Selection


class NoticeError(DomainError):
    pass


def _require_office(actor: Actor, tenant_id: int) -> None:
    if not can_publish(actor, tenant_id):
        raise Refused(_("只有学校工会（创先办）可以发布公示和确认公示结果。"), code="not_office")


def locked_selection(selection: Selection) -> Selection:
    return (
        Selection.objects.select_for_update(of=("self",))
        .select_related("type")
        .get(pk=selection.pk, tenant_id=selection.tenant_id)
    )


def current_notice(selection: Selection, *, lock: bool = False) -> PublicNotice | None:
    """The selection's latest round (withdrawn or not), or None before the first publication."""
    qs = PublicNotice.objects.filter(tenant_id=selection.tenant_id, selection=selection)
    if lock:
        qs = qs.select_for_update()
    return qs.order_by("-round_no").first()


def answerers(selection: Selection) -> QuerySet[Member]:
    """Who is told of an objection: the office and the selection's discipline-inspection grant."""
    tenant_id = selection.tenant_id
    office = RoleAssignment.objects.filter(tenant_id=tenant_id, role=Role.OFFICE).values("member_id")
    discipline = grant_holders(GrantKind.DISCIPLINE, selection).values("member_id")
    return Member.objects.filter(Q(pk__in=office) | Q(pk__in=discipline), tenant_id=tenant_id)
