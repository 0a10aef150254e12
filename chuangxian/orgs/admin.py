"""Back office only: every workflow has its page in the web UI. Writes here still go through services
where a rule applies; plain corrections of roster fields are allowed."""

from django.contrib import admin

from chuangxian.orgs.models import Member, RoleAssignment, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ("name", "tenant", "kind", "category", "depth", "is_active")
    list_filter = ("tenant", "kind", "category", "is_active")
    search_fields = ("name",)
    ordering = ("tenant", "path")
    readonly_fields = ("path", "depth", "numchild")


@admin.register(Member)
class MemberAdmin(admin.ModelAdmin):
    list_display = ("name", "staff_no", "tenant", "unit", "post", "status")
    list_filter = ("tenant", "status", "post", "political")
    search_fields = ("name", "staff_no", "name_initials")
    raw_id_fields = ("unit", "user")
    list_select_related = ("tenant", "unit")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("member", "role", "unit", "tenant")
    list_filter = ("tenant", "role")
    raw_id_fields = ("member", "unit")
    list_select_related = ("member", "unit", "tenant")
