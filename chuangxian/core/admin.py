from django.contrib import admin

from chuangxian.core.models import Tenant


@admin.register(Tenant)
class TenantAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "hosts", "is_active")
