"""Back-office view of the working-day tables: read-only, since each school's office keeps its own on
``/workdays/`` through ``workdays.services`` (checked and audited)."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.workdays.models import WorkdayAdjustment, WorkdayYear


@admin.register(WorkdayAdjustment)
class WorkdayAdjustmentAdmin(ReadOnlyTenantAdmin):
    list_display = ("day", "kind", "name", "tenant", "updated_at")
    list_filter = ("tenant", "kind")
    list_select_related = ("tenant",)
    search_fields = ("name",)
    date_hierarchy = "day"


@admin.register(WorkdayYear)
class WorkdayYearAdmin(ReadOnlyTenantAdmin):
    list_display = ("year", "complete", "confirmed_by", "confirmed_at", "tenant")
    list_filter = ("tenant", "complete")
    list_select_related = ("tenant", "confirmed_by")
