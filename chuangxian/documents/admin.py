"""Read-only back office for notices: every write goes through documents.services (numbering, audit)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from chuangxian.documents.models import DocumentNumberSequence, Notice, NoticeAttachment


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class NoticeAttachmentInline(admin.TabularInline):
    model = NoticeAttachment
    extra = 0
    fields = ("order", "title", "file")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "title", "tenant", "status", "signed_on", "issued_at")
    list_filter = ("tenant", "status", "year")
    search_fields = ("title", "prefix")
    inlines = [NoticeAttachmentInline]


@admin.register(DocumentNumberSequence)
class DocumentNumberSequenceAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "tenant", "first_number", "last_number")
    list_filter = ("tenant", "year")
