"""Registering an institution (a tenant) on the installation."""

from django.db import transaction
from django.utils.translation import gettext as _

from chuangxian.audit.services import audit_record
from chuangxian.core.actors import Actor
from chuangxian.core.errors import Refused
from chuangxian.core.models import Tenant
from chuangxian.orgs.permissions import can_create_tenant
from chuangxian.orgs.services._common import OrgError


@transaction.atomic
def tenant_create(*, name: str, slug: str, short_name: str = "", actor: Actor) -> Tenant:
    """Register an institution on the installation.

    Raises Refused 'not_platform_admin' unless ``actor`` is the platform admin or the system
    (``can_create_tenant``), OrgError 'tenant_exists'."""
    if not can_create_tenant(actor):
        raise Refused(_("只有平台管理员可以登记新的学校。"), code="not_platform_admin")
    if Tenant.objects.filter(name=name).exists() or Tenant.objects.filter(slug=slug).exists():
        raise OrgError(
            code="tenant_exists",
            message=_("已有同名或同代号的学校：%(name)s（%(slug)s）。") % {"name": name, "slug": slug},
        )
    tenant = Tenant.objects.create(name=name, slug=slug, short_name=short_name)
    audit_record(
        actor=actor, action="orgs.tenant.created", target=tenant, tenant_id=tenant.pk, data={"slug": slug}
    )
    return tenant
