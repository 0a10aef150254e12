"""Back-office view of roster imports: read-only, since every change goes through the services."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.roster.models import RosterImport


@admin.register(RosterImport)
class RosterImportAdmin(ReadOnlyTenantAdmin):
    list_display = (
        "original_name",
        "tenant",
        "mode",
        "status",
        "total_rows",
        "new_count",
        "updated_count",
        "error_count",
        "departure_count",
        "uploaded_by",
        "created_at",
    )
    list_filter = ("tenant", "status", "mode", "file_format")
    search_fields = ("original_name",)
    list_select_related = ("tenant", "uploaded_by")
    exclude = ("file",)  # a roster holds ID numbers: it is not handed out from the back office
