"""Back-office views of the review records. Read-only: they are written only by the review cycle."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.review.models import Decision, Revision


@admin.register(Revision)
class RevisionAdmin(ReadOnlyTenantAdmin):
    list_display = ("subject_type", "subject_id", "number", "submitted_at")
    list_filter = ("subject_type",)


@admin.register(Decision)
class DecisionAdmin(ReadOnlyTenantAdmin):
    list_display = ("subject_type", "subject_id", "number", "decision", "reviewer", "created_at")
    list_filter = ("subject_type", "decision")
