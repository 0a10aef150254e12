"""Back office only, read-only: units, members and roles change through the web UI and the roster
import, whose services check the rules (unique names, the tree, one login per member) and write the
audit log. An admin edit here would skip both; a role granted here would leave no trace."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.orgs.models import Member, RoleAssignment, Unit


@admin.register(Unit)
class UnitAdmin(ReadOnlyTenantAdmin):
    list_display = ("name", "tenant", "kind", "category", "depth", "is_active")
    list_filter = ("tenant", "kind", "category", "is_active")
    search_fields = ("name",)
    ordering = ("tenant", "path")
    list_select_related = ("tenant",)


@admin.register(Member)
class MemberAdmin(ReadOnlyTenantAdmin):
    list_display = ("name", "staff_no", "tenant", "unit", "post", "status")
    list_filter = ("tenant", "status", "post", "political")
    search_fields = ("name", "staff_no", "name_initials")
    list_select_related = ("tenant", "unit")
    exclude = ("id_number",)  # never shown in full outside the member's own records


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(ReadOnlyTenantAdmin):
    list_display = ("member", "role", "unit", "tenant")
    list_filter = ("tenant", "role")
    list_select_related = ("member", "unit", "tenant")
