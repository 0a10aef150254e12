"""Back-office view of meetings: read-only, since every change goes through the services."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chuangxian.meetings.models import Meeting


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("title", "unit", "kind", "starts_at", "status", "tenant")
    list_filter = ("tenant", "kind", "status")
    search_fields = ("title", "unit__name")
    list_select_related = ("unit", "tenant")
    date_hierarchy = "starts_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
