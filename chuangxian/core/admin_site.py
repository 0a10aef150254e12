"""The admin site: the platform admin's back office, where reads span tenants on purpose."""

from functools import wraps
from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chuangxian.core.tenancy import all_tenants


class PlatformAdminSite(admin.AdminSite):
    site_header = "创先 · 后台管理"
    site_title = "创先"

    def admin_view(self, view: Any, cacheable: bool = False) -> Any:
        """Every admin page runs with the tenant guard lifted: a tenant-bound admin's pages narrow
        themselves (``core.admin.ReadOnlyTenantAdmin``); the platform admin's span tenants."""
        inner = super().admin_view(view, cacheable)

        @wraps(view)
        def cross_tenant(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            with all_tenants():
                return inner(request, *args, **kwargs)

        return cross_tenant
