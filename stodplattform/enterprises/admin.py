from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from stodplattform.core.admin import AdminInputMixin
from stodplattform.platforms.models import Membership, Role

from .models import Enterprise, Industry, OfferKind, OpeningException, OpeningHours, Photo


class ManagerInline(AdminInputMixin, admin.TabularInline):
    """The enterprise's managers: memberships with the manager role."""

    model = Membership
    fk_name = "enterprise"
    fields = ["user", "title", "starts_on", "ends_on"]
    extra = 0
    autocomplete_fields = ["user"]
    verbose_name = _("manager")
    verbose_name_plural = _("managers")


class PhotoInline(AdminInputMixin, admin.TabularInline):
    model = Photo
    extra = 0


class OpeningHoursInline(AdminInputMixin, admin.TabularInline):
    model = OpeningHours
    extra = 0


class OpeningExceptionInline(AdminInputMixin, admin.TabularInline):
    model = OpeningException
    extra = 0


@admin.register(Enterprise)
class EnterpriseAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "platform", "municipality", "status", "is_public"]
    list_filter = ["platform", "status", "is_public"]
    search_fields = ["name", "org_number"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["industries", "offers"]
    inlines = [ManagerInline, PhotoInline, OpeningHoursInline, OpeningExceptionInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for membership in formset.save(commit=False):
            membership.role = Role.MANAGER
            membership.platform = form.instance.platform
            membership.save()
        for membership in formset.deleted_objects:
            membership.delete()


@admin.register(Industry)
class IndustryAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["code", "name", "name_en"]
    search_fields = ["code", "name", "name_en"]


@admin.register(OfferKind)
class OfferKindAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["name", "name_en", "category", "code", "position"]
    list_filter = ["category"]
    search_fields = ["code", "name", "name_en", "synonyms"]
