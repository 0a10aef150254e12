"""Back-office views of tasks. Read-only: every change goes through the services (and the audit log)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chuangxian.assignments.models import Task, UnitTask


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Task)
class TaskAdmin(ReadOnlyAdmin):
    list_display = ("title", "campaign", "phase", "due_on", "evidence_kind", "review_by", "tenant")
    list_filter = ("tenant", "evidence_kind", "review_by")


@admin.register(UnitTask)
class UnitTaskAdmin(ReadOnlyAdmin):
    list_display = ("task", "unit", "responsible", "status", "submitted_at", "reviewed_at")
    list_filter = ("tenant", "status")
    list_select_related = ("task", "unit", "responsible")
    raw_id_fields = ("unit", "responsible")
