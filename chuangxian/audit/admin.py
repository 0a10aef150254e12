from django.contrib import admin

from chuangxian.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log is append-only."""

    list_display = ("created_at", "tenant", "actor_label", "action", "target_label")
    list_filter = ("tenant", "action")
    search_fields = ("action", "target_label", "actor_label")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
