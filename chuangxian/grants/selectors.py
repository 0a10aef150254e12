"""Reads of grants for pages: a person's powers over single records, the holders of one record."""

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from chuangxian.core import clock
from chuangxian.core.models import TenantModel
from chuangxian.grants.models import Grant
from chuangxian.grants.permissions import grants_on, in_force
from chuangxian.orgs.models import Member


def grants_of_member(member: Member) -> QuerySet[Grant]:
    """Every grant the member holds or held (the person's page lists them with their terms); one
    query, newest first."""
    return (
        Grant.objects.filter(tenant_id=member.tenant_id, member=member)
        .select_related("target_type")
        .order_by("-starts_on", "-pk")
    )


def grant_is_live(grant: Grant, on: date | None = None) -> bool:
    on = on or clock.today()
    return (
        grant.revoked_at is None and grant.starts_on <= on and (grant.ends_on is None or grant.ends_on >= on)
    )


def grant_state(grant: Grant, on: date | None = None) -> str:
    """在任 / 未开始 / 已到期 / 已收回, for the person's page."""
    on = on or clock.today()
    if grant.revoked_at is not None:
        return _("已收回")
    if grant.starts_on > on:
        return _("未开始")
    if grant.ends_on is not None and grant.ends_on < on:
        return _("已到期")
    return _("在任")


def grant_holders(kind: str, target: TenantModel, *, on: date | None = None) -> QuerySet[Grant]:
    """The grants of ``kind`` on ``target`` in force on ``on``, with their holders."""
    return grants_on(target).filter(in_force(on), kind=kind).select_related("member", "unit").order_by("pk")
