from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from chuangxian.core.models import Tenant


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "hosts", "is_active")


class ReadOnlyTenantAdmin(admin.ModelAdmin):
    """A back-office view of tenant rows that every change reaches through the services (and so the
    audit log): nothing is added, changed or deleted here, and an admin bound to a tenant sees only
    that tenant's rows."""

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)
        tenant_id = getattr(request.user, "tenant_id", None)
        return qs if tenant_id is None else qs.filter(tenant_id=tenant_id)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    """The rows of a ReadOnlyTenantAdmin's record, shown as a table and never edited."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
