from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chuangxian.plans.models import PlanReview, PlanVersion, UnitPlan


class ReadOnlyAdmin(admin.ModelAdmin):
    """Plans change only through their services (submitted versions are immutable)."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(UnitPlan)
class UnitPlanAdmin(ReadOnlyAdmin):
    list_display = ("unit", "campaign", "status", "current_number", "updated_at")
    list_filter = ("status",)


@admin.register(PlanVersion)
class PlanVersionAdmin(ReadOnlyAdmin):
    list_display = ("plan", "number", "submitted_at")


@admin.register(PlanReview)
class PlanReviewAdmin(ReadOnlyAdmin):
    list_display = ("plan", "decision", "reviewer", "created_at")
