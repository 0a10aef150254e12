"""What the appeal services share: the error type, the units an appeal may go to, who is told."""

from datetime import date, timedelta

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from chuangxian.appeals.models import DEFAULT_ANSWER_DAYS, Appeal, AppealDesk
from chuangxian.core.errors import DomainError
from chuangxian.core.roles import OFFICER_ROLES, Role
from chuangxian.grants.models import GrantKind
from chuangxian.grants.selectors import grant_holders
from chuangxian.orgs.models import Member, RoleAssignment, Unit
from chuangxian.workdays.calendar import working_day_end

ANONYMOUS_LABEL = "匿名教职工"


class AppealError(DomainError):
    pass


def answer_due(start: date, *, tenant_id: int) -> date:
    """The last day to answer: ``DEFAULT_ANSWER_DAYS`` working days counted from the day after
    ``start`` (the day an appeal is submitted or reopened)."""
    return working_day_end(start + timedelta(days=1), DEFAULT_ANSWER_DAYS, tenant_id=tenant_id)


def own_union(member: Member) -> Unit:
    """The member's college union (二级工会): the unit of their path at the second level, or the
    school union for a member at the root."""
    unit = member.unit
    if unit.depth <= 2:
        return unit
    return Unit.objects.get(tenant_id=member.tenant_id, path=unit.path[: 2 * Unit.steplen])


def routable_units(tenant_id: int, member: Member | None = None) -> list[Unit]:
    """Where an appeal may go: the member's own college union (first, the default), the school
    union, the handling offices the office listed; with no member (a transfer), every active
    college-level union as well. One or two queries."""
    desks = AppealDesk.objects.filter(tenant_id=tenant_id).values("unit_id")
    where = Q(depth=1) | Q(pk__in=desks)
    if member is None:
        where |= Q(depth=2)
    else:
        where |= Q(pk=own_union(member).pk)
    units = list(Unit.objects.filter(where, tenant_id=tenant_id, is_active=True).order_by("path"))
    if member is not None:
        first = own_union(member).pk
        units.sort(key=lambda u: u.pk != first)
    return units


def handlers_of(appeal: Appeal) -> QuerySet[Member]:
    """Who is told of an appeal routed to its unit: the unit's officers, its handling office and
    the holders of a handling grant on the appeal."""
    tenant_id = appeal.tenant_id
    roles = RoleAssignment.objects.filter(
        tenant_id=tenant_id,
        unit_id=appeal.unit_id,
        role__in=[*OFFICER_ROLES, Role.HANDLING_OFFICE, Role.OFFICE],
    ).values("member_id")
    granted = grant_holders(GrantKind.HANDLER, appeal).filter(member__isnull=False).values("member_id")
    return Member.objects.filter(Q(pk__in=roles) | Q(pk__in=granted), tenant_id=tenant_id)


def office_of(tenant_id: int) -> QuerySet[Member]:
    office = RoleAssignment.objects.filter(tenant_id=tenant_id, role=Role.OFFICE).values("member_id")
    return Member.objects.filter(pk__in=office, tenant_id=tenant_id)


def bad_transition(appeal: Appeal) -> AppealError:
    return AppealError(
        code="bad_transition",
        message=_("这条诉求当前为“%(status)s”，不能进行此操作。") % {"status": appeal.get_status_display()},
    )
