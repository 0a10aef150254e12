"""Back-office view of pledges: read-only, since every change goes through the services (the status
machine, the rating rules and the audit log). A platform admin bound to a tenant sees only that
tenant's rows. Individual ratings are not shown: who graded a colleague how stays in the web UI's
rules (the final grade and score are on the pledge)."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyInline, ReadOnlyTenantAdmin
from chuangxian.pledges.models import Pledge, PledgeProgress, PledgeRatingConfig, PledgeReport


class ProgressInline(ReadOnlyInline):
    model = PledgeProgress
    fields = ("on", "text", "created_at")
    readonly_fields = fields


class ReportInline(ReadOnlyInline):
    model = PledgeReport
    fields = ("text", "submitted_at")
    readonly_fields = fields


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyTenantAdmin):
    list_display = ("member", "unit", "type", "status", "flagged_strict", "final_grade", "campaign", "tenant")
    list_filter = ("tenant", "status", "type", "flagged_strict")
    search_fields = ("member__name", "member__staff_no", "unit__name", "content")
    list_select_related = ("member", "unit", "campaign", "tenant")
    date_hierarchy = "created_at"
    exclude = ("reviewed_by",)
    inlines = [ProgressInline, ReportInline]


@admin.register(PledgeRatingConfig)
class PledgeRatingConfigAdmin(ReadOnlyTenantAdmin):
    list_display = ("campaign", "scale", "weights", "top_share_num", "top_share_den", "tenant")
    list_filter = ("tenant",)
    list_select_related = ("campaign", "tenant")
