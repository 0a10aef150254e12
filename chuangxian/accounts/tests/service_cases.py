"""The accounts services on the permission table (tests/service_permissions).

Acting on someone else's login (arming it, resetting it, choosing how members first log in, printing
their initial passwords) is the campaign office's: the tenant's office, the platform admin, the
system (``accounts.permissions.can_manage_logins``); a chair may not, not even for their own unit.
Storing a ready password hash is the platform's alone: the system (the demo loader) or the admin
(``can_set_password``).

Self-service is not on this table because it takes no ``actor``: a member's first login arms their
own login inside ``account_authenticate`` (the initial password just checked is the authority; the
audit entry names the member), and ``password_change(user=...)`` changes one's own password against
the old one. ``account_create_for_member`` is the office's (or the system's) service for arming a
login on a member's behalf, so it requires an actor and the rule.
"""

from chuangxian.accounts.services import (
    account_create_for_member,
    initial_passwords_issue,
    password_reset_by_office,
    password_set,
    tenant_initial_password_mode_set,
)
from chuangxian.accounts.services_bulk import accounts_create_for_members
from chuangxian.core.actors import SYSTEM
from chuangxian.core.models import InitialPasswordMode
from chuangxian.orgs.tests.factories import MemberFactory
from tests.service_permissions.harness import OFFICE, ServiceCase

LOGIN_MANAGERS = OFFICE | {"admin"}  # the tenant's office, the platform admin, the system


def _newcomer_in_random_mode(w):
    """A member of the college with no login yet, in a school that prints random initial passwords."""
    tenant_initial_password_mode_set(tenant=w.tree.tenant, mode=InitialPasswordMode.RANDOM, actor=SYSTEM)
    return MemberFactory(unit=w.tree.college, name="新会员")


CASES = [
    ServiceCase(
        service=account_create_for_member,
        allowed=LOGIN_MANAGERS,
        arrange=lambda w: MemberFactory(unit=w.tree.group, name="新会员"),
        act=lambda w, member, actor: account_create_for_member(member=member, actor=actor),
    ),
    ServiceCase(
        service=password_reset_by_office,
        allowed=LOGIN_MANAGERS,
        arrange=lambda w: w.personas.member_row,
        act=lambda w, member, actor: password_reset_by_office(member=member, actor=actor),
    ),
    ServiceCase(
        service=tenant_initial_password_mode_set,
        allowed=LOGIN_MANAGERS,
        arrange=lambda w: w.tree.tenant,
        act=lambda w, tenant, actor: tenant_initial_password_mode_set(
            tenant=tenant, mode=InitialPasswordMode.RANDOM, actor=actor
        ),
    ),
    ServiceCase(
        service=initial_passwords_issue,
        allowed=LOGIN_MANAGERS,
        arrange=_newcomer_in_random_mode,
        act=lambda w, _newcomer, actor: initial_passwords_issue(unit=w.tree.college, actor=actor),
    ),
    ServiceCase(
        service=password_set,
        allowed={"admin", "system"},
        arrange=lambda w: w.personas.member,
        act=lambda w, user, actor: password_set(
            user=user, password_hash="!not-a-real-hash", must_change=True, actor=actor
        ),
    ),
    ServiceCase(
        service=accounts_create_for_members,
        allowed=LOGIN_MANAGERS,
        arrange=lambda w: [MemberFactory(unit=w.tree.group, name="新会员")],
        act=lambda w, members, actor: accounts_create_for_members(members=members, actor=actor),
    ),
]
