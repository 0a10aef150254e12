from django.contrib import admin

from chuangxian.audit.models import AuditEntry
from chuangxian.core.admin import ReadOnlyTenantAdmin


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyTenantAdmin):
    """Read-only: the log is append-only."""

    list_display = ("created_at", "tenant", "actor_label", "action", "target_label")
    list_filter = ("tenant", "action")
    search_fields = ("action", "target_label", "actor_label")
    list_select_related = ("tenant",)
