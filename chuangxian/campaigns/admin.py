from django.contrib import admin

from chuangxian.campaigns.models import Campaign, Phase, PhaseWindowReopen, Theme


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("title", "tenant", "doc_number", "status", "created_at")
    list_filter = ("tenant", "status")
    inlines = [ThemeInline, PhaseInline]


@admin.register(PhaseWindowReopen)
class PhaseWindowReopenAdmin(admin.ModelAdmin):
    list_display = ("phase", "unit", "until", "created_by", "revoked_at")
    raw_id_fields = ("unit",)
