"""Back office only, read-only: grants are given and taken back through the services (which decide
who may and write the audit log), never edited here."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.grants.models import Grant


@admin.register(Grant)
class GrantAdmin(ReadOnlyTenantAdmin):
    list_display = ("kind", "target_label", "member", "unit", "starts_on", "ends_on", "revoked_at", "tenant")
    list_filter = ("tenant", "kind")
    search_fields = ("target_label", "member__name", "member__staff_no", "unit__name")
    list_select_related = ("tenant", "member", "unit")
