"""The menu entry of proposals: for the people proposals concern — a representative in force of
any congress, the holder of a handling office's role, the office — computed once per request."""

from django.urls import reverse

from chuangxian.core.menu import MenuRequest
from chuangxian.core.roles import Role
from chuangxian.grants.models import GrantKind
from chuangxian.grants.permissions import live_grants
from chuangxian.orgs.menu import menu_member
from chuangxian.orgs.permissions import role_assignments_for


def _involved(menu: MenuRequest) -> bool:
    member = menu_member(menu)
    if member is None:
        return False
    roles = {role for role, _unit, _path in role_assignments_for(menu.user)}
    if roles & {Role.HANDLING_OFFICE, Role.OFFICE, Role.CHAIR, Role.LIAISON}:
        return True
    return (
        live_grants()
        .filter(tenant_id=member.tenant_id, member=member, kind=GrantKind.REPRESENTATIVE)
        .exists()
    )


def for_involved(menu: MenuRequest) -> str | None:
    return reverse("proposals:mine") if menu.once("proposals_involved", lambda: _involved(menu)) else None
