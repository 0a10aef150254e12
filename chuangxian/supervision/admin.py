"""Back-office view of reminders. Read-only: reminders are sent from the supervision matrix."""

from django.contrib import admin

from chuangxian.core.admin import ReadOnlyTenantAdmin
from chuangxian.supervision.models import Reminder


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyTenantAdmin):
    list_display = ("unit_task", "recipient", "sent_by", "created_at")
    list_filter = ("tenant",)
    list_select_related = ("unit_task__task", "unit_task__unit", "recipient", "sent_by")
