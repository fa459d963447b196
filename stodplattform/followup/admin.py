"""Operations' view of the key figures. Figures are changed on the pages (services, audit history,
the rules of parts and wholes); here they are read, and a platform's due date can be set."""

from django.contrib import admin

from stodplattform.core.admin import AdminInputMixin

from .models import FiguresDueDate, FiguresReminder, KeyFigures


@admin.register(KeyFigures)
class KeyFiguresAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["enterprise", "year", "status", "source", "submitted_at", "checked_at"]
    list_filter = ["status", "source", "year"]
    search_fields = ["enterprise__name"]
    list_select_related = ["enterprise"]
    raw_id_fields = ["enterprise", "submitted_by", "checked_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FiguresDueDate)
class FiguresDueDateAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["platform", "day", "month"]


@admin.register(FiguresReminder)
class FiguresReminderAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["enterprise", "year", "recipient", "sent_at"]
    list_filter = ["year"]
    list_select_related = ["enterprise", "recipient"]
    raw_id_fields = ["enterprise", "recipient"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
