from django.contrib import admin

from chuangxian.study.models import StudyDocument


@admin.register(StudyDocument)
class StudyDocumentAdmin(admin.ModelAdmin):
    list_display = ("title", "campaign", "published_on", "due_on", "all_units")
    readonly_fields = ("published_by",)
