"""Read-only back office for notices: every write goes through documents.services (numbering, audit)."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyInline, ReadOnlyTenantAdmin
from chuangxian.documents.models import DocumentNumberSequence, Notice, NoticeAttachment


class NoticeAttachmentInline(ReadOnlyInline):
    model = NoticeAttachment
    fields = ("order", "title", "file")
    readonly_fields = fields


@admin.register(Notice)
class NoticeAdmin(ReadOnlyTenantAdmin):
    list_display = ("__str__", "title", "tenant", "status", "signed_on", "issued_at")
    list_filter = ("tenant", "status", "year")
    search_fields = ("title", "prefix")
    inlines = [NoticeAttachmentInline]


@admin.register(DocumentNumberSequence)
class DocumentNumberSequenceAdmin(ReadOnlyTenantAdmin):
    list_display = ("__str__", "tenant", "first_number", "last_number")
    list_filter = ("tenant", "year")
