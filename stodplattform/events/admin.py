from django.contrib import admin

from stodplattform.core.admin import AdminInputMixin

from .models import Event, Exhibitor, ProgrammeItem


class ProgrammeInline(AdminInputMixin, admin.TabularInline):
    model = ProgrammeItem
    extra = 0


class ExhibitorInline(AdminInputMixin, admin.TabularInline):
    model = Exhibitor
    extra = 0
    raw_id_fields = ["enterprise"]


@admin.register(Event)
class EventAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["title", "platform", "kind", "starts_at", "capacity", "is_public"]
    list_filter = ["platform", "kind", "is_public"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    inlines = [ProgrammeInline, ExhibitorInline]
    # Registrations hold visitors' personal data: they are seen on the organiser's pages, not here.
