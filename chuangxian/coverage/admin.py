"""Back-office view of coverage targets: read-only, since the office sets them on the coverage page
through ``coverage.services`` (validated and audited). A platform admin bound to a tenant sees only
that tenant's rows."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.coverage.models import CoverageTarget


@admin.register(CoverageTarget)
class CoverageTargetAdmin(ReadOnlyTenantAdmin):
    list_display = ("campaign", "category", "projects", "pledge_percent", "activity_percent", "tenant")
    list_filter = ("tenant", "category")
    list_select_related = ("campaign", "tenant")
