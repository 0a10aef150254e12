"""Back-office view of selections: read-only, since every change goes through the services (and the
audit log). A platform admin bound to a school sees only that school's rows."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyInline, ReadOnlyTenantAdmin
from chuangxian.selections.models import Entry, EntryFile, MemberRecord, Selection, SelectionType


@admin.register(SelectionType)
class SelectionTypeAdmin(ReadOnlyTenantAdmin):
    list_display = ("name", "entry_kind", "quota_mode", "quota_max", "quota_percent", "is_active", "tenant")
    list_filter = ("tenant", "entry_kind", "is_active")
    search_fields = ("name",)
    list_select_related = ("tenant",)


@admin.register(Selection)
class SelectionAdmin(ReadOnlyTenantAdmin):
    list_display = ("title", "type", "campaign", "status", "stage", "nomination_ends_on", "tenant")
    list_filter = ("tenant", "status", "stage")
    search_fields = ("title",)
    list_select_related = ("type", "campaign", "tenant")


class EntryFileInline(ReadOnlyInline):
    model = EntryFile
    fields = ("purpose", "original_name", "kind", "size", "uploaded_at")
    readonly_fields = fields


@admin.register(Entry)
class EntryAdmin(ReadOnlyTenantAdmin):
    list_display = ("candidate_name", "selection", "nominating_unit", "status", "party_decision", "tenant")
    list_filter = ("tenant", "status", "kind")
    search_fields = ("candidate_name", "nominating_unit__name")
    list_select_related = ("selection", "nominating_unit", "tenant")
    inlines = [EntryFileInline]


@admin.register(MemberRecord)
class MemberRecordAdmin(ReadOnlyTenantAdmin):
    list_display = ("member", "union_work_since", "disciplined", "tenant")
    list_filter = ("tenant", "disciplined")
    search_fields = ("member__name", "member__staff_no")
    list_select_related = ("member", "tenant")
