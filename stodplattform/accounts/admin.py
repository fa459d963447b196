from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from stodplattform.core.admin import AdminInputMixin

from . import services
from .models import AccountEvent, ApiToken, User


@admin.register(User)
class UserAdmin(AdminInputMixin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "is_staff", "is_active"]
    search_fields = ["email", "full_name"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Person"), {"fields": ["full_name", "phone", "language"]}),
        (_("Access"), {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})
    ]

    def save_model(self, request, obj, form, change):
        deactivated = change and "is_active" in form.changed_data and not obj.is_active
        super().save_model(request, obj, form, change)
        # An account made here has a known address too; allauth reads it for resets and changes.
        services.ensure_verified_email(user=obj)
        if deactivated:
            services.deactivate_person(user=obj, by=request.user)


@admin.register(ApiToken)
class ApiTokenAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "scope",
        "created_at",
        "expires_at",
        "last_used_at",
        "revoked_at",
    ]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    search_fields = ["name", "user__email"]


@admin.register(AccountEvent)
class AccountEventAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["created_at", "kind", "email", "user"]
    list_filter = ["kind"]
    search_fields = ["email"]
    readonly_fields = ["created_at", "kind", "email", "user", "detail"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
