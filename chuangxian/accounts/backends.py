"""Staff-number login. Pluggable: CAS or LDAP backends are appended by configuration
(``EXTRA_AUTHENTICATION_BACKENDS``); see docs/authentication.md."""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from chuangxian.accounts.models import User
from chuangxian.accounts.services import account_authenticate
from chuangxian.core.models import Tenant


class StaffNumberBackend(ModelBackend):
    """Authenticates ``tenant`` + ``username`` (a staff number) + ``password``.

    Without a tenant it falls back to a plain username, for installation admins.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        tenant: Tenant | int | None = None,
        **kwargs: Any,
    ) -> User | None:
        if not username or not password:
            return None
        tenant_obj = tenant if isinstance(tenant, Tenant) else None
        if tenant is not None and not isinstance(tenant, Tenant):
            tenant_obj = Tenant.objects.filter(pk=tenant).first()
        user = account_authenticate(tenant=tenant_obj, login=username, password=password)
        if user is None or not self.user_can_authenticate(user):
            return None
        return user


def axes_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """Lockout key: tenant + staff number, so one school's 2010001 never locks another's."""
    source: Any = credentials if credentials else (request.POST if request is not None else {})
    tenant = source.get("tenant")
    tenant_id = tenant.pk if isinstance(tenant, Tenant) else tenant
    return f"{tenant_id or '-'}:{(source.get('username') or '').strip()}"
