"""Back-office view of projects: read-only, since every change goes through the services (and the
audit log). A platform admin bound to a tenant sees only that tenant's rows."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from chuangxian.core.admin import ReadOnlyInline, ReadOnlyTenantAdmin
from chuangxian.projects.models import Milestone, Project, ProjectPerson, ProjectUpdate


class MilestoneInline(ReadOnlyInline):
    model = Milestone
    fields = ("order", "title", "due_on", "weight", "done_on")
    readonly_fields = fields


class ProjectPersonInline(ReadOnlyInline):
    model = ProjectPerson
    fields = ("member", "role")
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        return super().get_queryset(request).select_related("member")


class ProjectUpdateInline(ReadOnlyInline):
    model = ProjectUpdate
    fields = ("date", "text", "author_name", "created_at")
    readonly_fields = fields


@admin.register(Project)
class ProjectAdmin(ReadOnlyTenantAdmin):
    list_display = ("title", "unit", "theme", "campaign", "status", "tenant")
    list_filter = ("tenant", "status")
    search_fields = ("title", "unit__name")
    list_select_related = ("unit", "theme", "campaign", "tenant")
    date_hierarchy = "created_at"
    inlines = [MilestoneInline, ProjectPersonInline, ProjectUpdateInline]
