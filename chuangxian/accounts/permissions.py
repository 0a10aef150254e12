"""Who may act on someone else's login: reset it, arm it, print initial passwords, set a password.

A member's own account actions need no rule here: the first login arms the member's own login
after ``account_authenticate`` has checked the initial password, and ``password_change`` asks for
the old password. Everything else is the campaign office's (``orgs.permissions.can_configure_tenant``:
the tenant's office, a platform admin, the system), except setting a password from a ready hash,
which only the platform itself does (the demo loader) or its admin.
"""

from chuangxian.accounts.models import User
from chuangxian.core.actors import Actor, is_system
from chuangxian.orgs.permissions import can_configure_tenant, is_platform_admin


def can_manage_logins(actor: Actor, tenant_id: int) -> bool:
    """Reset a member's login, arm one, choose the initial-password mode, print slips: the tenant's
    campaign office (a platform admin, the system). Not a chair, even for their own unit: whoever
    holds a member's initial password can log in as that member."""
    return can_configure_tenant(actor, tenant_id)


def can_set_password(actor: Actor, user: User) -> bool:
    """Store a password hash on any login without its old password: the system (the demo loader
    seeding its personas) or a platform admin; a superuser bound to the login's school too."""
    if is_system(actor) or is_platform_admin(actor):
        return True
    return bool(actor.is_superuser) and actor.tenant_id is not None and actor.tenant_id == user.tenant_id
