"""Back-office views of tasks. Read-only: every change goes through the services (and the audit log)."""

from django.contrib import admin

from chuangxian.assignments.models import Task, UnitTask
from chuangxian.core.admin import ReadOnlyTenantAdmin


@admin.register(Task)
class TaskAdmin(ReadOnlyTenantAdmin):
    list_display = ("title", "campaign", "phase", "due_on", "evidence_kind", "review_by", "tenant")
    list_filter = ("tenant", "evidence_kind", "review_by")


@admin.register(UnitTask)
class UnitTaskAdmin(ReadOnlyTenantAdmin):
    list_display = ("task", "unit", "responsible", "status", "submitted_at", "reviewed_at")
    list_filter = ("tenant", "status")
    list_select_related = ("task", "unit", "responsible")
    raw_id_fields = ("unit", "responsible")
