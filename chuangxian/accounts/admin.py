from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from chuangxian.accounts.models import User


@admin.register(User)
class ChuangxianUserAdmin(UserAdmin):
    list_display = ("username", "display_name", "tenant", "staff_no", "is_staff", "is_superuser")
    list_filter = ("tenant", "is_staff", "is_superuser", "must_change_password")
    search_fields = ("username", "display_name", "staff_no")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("创先", {"fields": ("tenant", "staff_no", "display_name", "must_change_password")}),
    )
