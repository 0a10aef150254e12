"""Back-office view of meetings: read-only, since every change goes through the services."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyTenantAdmin):
    list_display = ("title", "unit", "kind", "starts_at", "status", "tenant")
    list_filter = ("tenant", "kind", "status")
    search_fields = ("title", "unit__name")
    list_select_related = ("unit", "tenant")
    date_hierarchy = "starts_at"
