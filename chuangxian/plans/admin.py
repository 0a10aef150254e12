"""Back-office views of plans. Read-only: plans change only through their services (submitted
versions are immutable)."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.plans.models import PlanVersion, UnitPlan


@admin.register(UnitPlan)
class UnitPlanAdmin(ReadOnlyTenantAdmin):
    list_display = ("unit", "campaign", "status", "current_number", "updated_at")
    list_filter = ("status",)


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyTenantAdmin):
    list_display = ("plan", "number", "submitted_at")
