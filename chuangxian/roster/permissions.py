"""Who may import a roster: the campaign office of the tenant (a platform admin, the system).

``access_*`` returns the object or raises NotFoundError for missing and forbidden alike, so a chair,
a member or another school's office cannot tell that an import exists.
"""

from chuangxian.core.actors import Actor
from chuangxian.core.errors import NotFoundError
from chuangxian.core.models import Tenant
from chuangxian.core.tenancy import actor_rows
from chuangxian.orgs.permissions import can_configure_tenant, tenant_id_for
from chuangxian.roster.models import RosterImport


def can_import_roster(user: Actor, tenant_id: int | None) -> bool:
    """Upload, confirm or discard an import of the tenant's roster: its campaign office (a platform
    admin, the system). The services check it; the pages fetch with ``access_*``."""
    return tenant_id is not None and can_configure_tenant(user, tenant_id)


def access_roster_tenant(user: Actor) -> Tenant:
    """The tenant whose roster the user may import (their own), or NotFoundError."""
    tenant_id = tenant_id_for(user)
    if tenant_id is None or not can_import_roster(user, tenant_id):
        raise NotFoundError()
    tenant = Tenant.objects.filter(pk=tenant_id, is_active=True).first()
    if tenant is None:
        raise NotFoundError()
    return tenant


def access_roster_import(user: Actor, roster_import_id: int) -> RosterImport:
    roster_import = (
        actor_rows(RosterImport.objects.select_related("uploaded_by", "confirmed_by"), user)
        .filter(pk=roster_import_id)
        .first()
    )
    if roster_import is None or not can_import_roster(user, roster_import.tenant_id):
        raise NotFoundError()
    return roster_import
