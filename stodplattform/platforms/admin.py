from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.accounts.admin import UserAdmin
from stodplattform.accounts.models import User
from stodplattform.core.admin import AdminInputMixin
from stodplattform.core.forms import apply_errors
from stodplattform.core.images import clean_image
from stodplattform.lib.colour import normalise_hex

from .models import DEFAULT_COLOUR, Invitation, Membership, Municipality, Platform, Region, RegionalRole, Role
from .services import check_invitation, invite, resend_invitation, withdraw_invitation


def _platforms_left_without_coordinator(
    changes: list[tuple[Membership | None, Membership]],
) -> list[Platform]:
    """The platforms that have a current coordinator today and would have none after ``changes``
    ((the membership as stored or None for a new one, the membership as it would be saved))."""
    today = timezone.localdate()
    changed = {old.pk for old, _new in changes if old is not None}
    platforms = {new.platform_id for _old, new in changes if new.platform_id} | {
        old.platform_id for old, _new in changes if old is not None
    }
    lost = []
    for platform in Platform.objects.filter(pk__in=platforms):
        current = Membership.objects.current(today).filter(platform=platform, role=Role.COORDINATOR)
        if not current.exists():
            continue
        kept = current.exclude(pk__in=changed).exists() or any(
            new.platform_id == platform.pk and new.role == Role.COORDINATOR and new.is_current(today)
            for _old, new in changes
        )
        if not kept:
            lost.append(platform)
    return lost


def _no_coordinator_error(platforms) -> ValidationError:
    return ValidationError(
        _("%(platform)s would have no coordinator. Invite another coordinator first.")
        % {"platform": ", ".join(p.name for p in platforms)}
    )


class KeepsACoordinatorFormSet(forms.BaseInlineFormSet):
    """Roles are ended, never deleted, and no platform is left without a current coordinator."""

    def clean(self):
        super().clean()
        changes = []
        for form in self.forms:
            if not getattr(form, "cleaned_data", None) or not form.has_changed():
                continue
            old = Membership.objects.filter(pk=form.instance.pk).first() if form.instance.pk else None
            changes.append((old, form.instance))
        lost = _platforms_left_without_coordinator(changes)
        if lost:
            raise _no_coordinator_error(lost)


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = [
            "platform",
            "user",
            "role",
            "enterprise",
            "organisation",
            "title",
            "starts_on",
            "ends_on",
            "show_publicly",
        ]

    def _post_clean(self):
        super()._post_clean()
        if self.errors:
            return
        old = Membership.objects.filter(pk=self.instance.pk).first() if self.instance.pk else None
        lost = _platforms_left_without_coordinator([(old, self.instance)])
        if lost:
            self.add_error(None, _no_coordinator_error(lost))


class MembershipInline(AdminInputMixin, admin.TabularInline):
    model = Membership
    formset = KeepsACoordinatorFormSet
    can_delete = False
    extra = 0
    verbose_name = _("role")
    verbose_name_plural = _("roles (memberships)")
    autocomplete_fields = ["user", "enterprise"]
    fields = ["user", "role", "enterprise", "organisation", "title", "starts_on", "ends_on", "show_publicly"]


class PlatformAdminForm(forms.ModelForm):
    first_coordinator = forms.EmailField(
        label=_("first coordinator's e-mail"),
        required=False,
        help_text=_("A new platform: an invitation to be its coordinator is sent to this address."),
    )

    class Meta:
        model = Platform
        fields = [
            "name",
            "slug",
            "municipalities",
            "operator",
            "funder",
            "contact_email",
            "contact_phone",
            "description",
            "logo",
            "colour",
            "is_public",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new platform may be made without choosing a colour: it gets the default.
        self.fields["colour"].required = False

    def clean_colour(self):
        value = self.cleaned_data["colour"]
        return normalise_hex(value) or value or DEFAULT_COLOUR

    def clean_logo(self):
        return clean_image(self.cleaned_data.get("logo"), max_side=800)


@admin.register(Platform)
class PlatformAdmin(AdminInputMixin, admin.ModelAdmin):
    form = PlatformAdminForm
    list_display = ["name", "operator", "funder", "is_public"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities"]
    inlines = [MembershipInline]
    list_display_links = ["name"]

    def get_fields(self, request, obj=None):
        fields = [f for f in super().get_fields(request, obj) if f != "first_coordinator"]
        return fields if obj else [*fields, "first_coordinator"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        email = form.cleaned_data.get("first_coordinator")
        if not change and email:
            try:
                invite(
                    platform=form.instance,
                    email=email,
                    role=Role.COORDINATOR,
                    by=request.user,
                    organisation=form.instance.operator,
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(
                    request, _("An invitation to be coordinator was sent to %(email)s.") % {"email": email}
                )


class InvitationAdminForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = [
            "platform",
            "email",
            "role",
            "enterprise",
            "organisation",
            "title",
            "starts_on",
            "ends_on",
            "language",
            "message",
        ]

    def clean(self):
        data = super().clean()
        if self.errors or not data.get("platform"):
            return data
        try:
            check_invitation(
                platform=data["platform"],
                email=data["email"].lower(),
                role=data["role"],
                enterprise=data.get("enterprise"),
                starts_on=data.get("starts_on"),
                ends_on=data.get("ends_on"),
            )
        except ValidationError as error:
            apply_errors(self, error)
        return data


@admin.register(Invitation)
class InvitationAdmin(AdminInputMixin, admin.ModelAdmin):
    form = InvitationAdminForm
    list_display = ["email", "role", "platform", "enterprise", "sent_at", "status_display"]
    list_filter = ["platform", "role"]
    search_fields = ["email", "organisation"]
    autocomplete_fields = ["enterprise"]
    fields = [
        "platform",
        "email",
        "role",
        "enterprise",
        "organisation",
        "title",
        "starts_on",
        "ends_on",
        "language",
        "message",
    ]
    actions = ["resend", "withdraw"]

    @admin.display(description=_("status"))
    def status_display(self, obj):
        return obj.get_status_display()

    def has_change_permission(self, request, obj=None):
        # An invitation is sent as it was made; change it by withdrawing and inviting again.
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # Through the service, so the rules hold and the e-mail goes out.
        data = {f: form.cleaned_data.get(f) for f in self.fields if f != "platform"}
        created = invite(platform=form.cleaned_data["platform"], by=request.user, **data)
        obj.pk = created.pk

    @admin.action(description=_("Send the selected invitations again"))
    def resend(self, request, queryset):
        for invitation in queryset.pending():
            resend_invitation(invitation, by=request.user)

    @admin.action(description=_("Withdraw the selected invitations"))
    def withdraw(self, request, queryset):
        for invitation in queryset.pending():
            withdraw_invitation(invitation, by=request.user)


@admin.register(Region)
class RegionAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["code", "name"]


@admin.register(RegionalRole)
class RegionalRoleAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["user", "role", "region", "organisation", "starts_on", "ends_on"]
    list_filter = ["role", "region"]
    autocomplete_fields = ["user"]
    search_fields = ["user__email", "user__full_name", "organisation"]


@admin.register(Municipality)
class MunicipalityAdmin(AdminInputMixin, admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


# -- Roles where people look for them: on each person, and as a list of their own. --


class UserMembershipInline(AdminInputMixin, admin.TabularInline):
    model = Membership
    formset = KeepsACoordinatorFormSet
    can_delete = False
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["enterprise"]
    fields = [
        "platform",
        "role",
        "enterprise",
        "organisation",
        "title",
        "starts_on",
        "ends_on",
        "show_publicly",
    ]
    verbose_name = _("role")
    verbose_name_plural = _("roles (memberships)")


admin.site.unregister(User)


@admin.register(User)
class UserWithRolesAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, UserMembershipInline]
    list_display = [*UserAdmin.list_display, "current_roles"]

    def get_queryset(self, request):
        today = timezone.localdate()
        current = Membership.objects.current(today).select_related("platform", "enterprise")
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("memberships", queryset=current, to_attr="current_memberships"))
        )

    @admin.display(description=_("current roles"))
    def current_roles(self, obj):
        return (
            "; ".join(
                f"{m.get_role_display()}, {m.enterprise or m.platform}" for m in obj.current_memberships
            )
            or "–"
        )


@admin.register(Membership)
class MembershipAdmin(AdminInputMixin, admin.ModelAdmin):
    """Roles are ended (an end date), never deleted, so the history of who held which role stays."""

    form = MembershipAdminForm
    list_display = ["user", "role", "platform", "enterprise", "organisation", "starts_on", "ends_on"]
    list_filter = ["platform", "role"]
    search_fields = ["user__email", "user__full_name", "organisation", "title", "enterprise__name"]
    autocomplete_fields = ["user", "enterprise"]
    list_select_related = ["user", "platform", "enterprise"]
    date_hierarchy = "starts_on"

    def has_delete_permission(self, request, obj=None):
        return False
