from django.contrib import admin

from .models import Enterprise, EnterpriseManager, Industry


class ManagerInline(admin.TabularInline):
    model = EnterpriseManager
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):
    list_display = ["name", "platform", "municipality", "status", "is_public"]
    list_filter = ["platform", "status", "is_public"]
    search_fields = ["name", "org_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["industries"]
    inlines = [ManagerInline]


@admin.register(Industry)
class IndustryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]
