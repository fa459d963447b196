from django import forms
from django.contrib.auth import password_validation
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.accounts.models import User
from stodplattform.core.forms import StyledFormMixin
from stodplattform.core.images import ACCEPT, clean_image
from stodplattform.lib.colour import normalise_hex

from .models import Invitation, Membership, Platform, Role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class InvitationForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Invitation
        fields = [
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
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "message": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "email": _("The invitation is sent here; the person signs in with this address."),
            "enterprise": _("Only for the manager role."),
            "ends_on": _("Required for a co-opted support person. The role stops on this day."),
            "message": _("Optional: a few words of your own in the e-mail."),
        }

    def __init__(self, *args, platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform = platform
        self.fields["enterprise"].queryset = platform.enterprises.order_by("name")
        self.fields["role"].choices = [("", "---------"), *Role.choices]
        self.fields["starts_on"].initial = timezone.localdate()
        self.fields["email"].widget.attrs["autocomplete"] = "off"


class MembershipForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "organisation", "title", "starts_on", "ends_on", "show_publicly"]
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {"ends_on": _("The role stops on this day. Leave empty while it goes on.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.role == Role.MANAGER:
            # A manager's role belongs to the enterprise; it is not turned into a platform role.
            self.fields["role"].choices = [(Role.MANAGER, Role.MANAGER.label)]
        else:
            self.fields["role"].choices = [c for c in Role.choices if c[0] != Role.MANAGER]


class EndMembershipForm(StyledFormMixin, forms.Form):
    ends_on = forms.DateField(
        label=_("Ends on"),
        widget=DateInput(),
        help_text=_("Today ends the role at once. A later day ends it then."),
    )

    def clean_ends_on(self):
        value = self.cleaned_data["ends_on"]
        if value < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day: the history keeps earlier periods."))
        return value


class MemberFilterForm(StyledFormMixin, forms.Form):
    STATUS_CHOICES = [
        ("current", _("Current")),
        ("upcoming", _("Not yet begun")),
        ("ended", _("Ended")),
        ("all", _("All")),
    ]
    q = forms.CharField(label=_("Search name, e-mail or organisation"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), required=False, choices=[("", _("All roles")), *Role.choices])
    status = forms.ChoiceField(label=_("Period"), required=False, choices=STATUS_CHOICES)

    def filter(self, memberships):
        if not self.is_valid():
            return memberships.current()
        data = self.cleaned_data
        today = timezone.localdate()
        status = data.get("status") or "current"
        if status == "current":
            memberships = memberships.current(today)
        elif status == "upcoming":
            memberships = memberships.filter(starts_on__gt=today)
        elif status == "ended":
            memberships = memberships.ended(today)
        if data.get("role"):
            memberships = memberships.filter(role=data["role"])
        for word in (data.get("q") or "").split()[:5]:
            memberships = memberships.filter(
                Q(user__full_name__icontains=word)
                | Q(user__email__icontains=word)
                | Q(organisation__icontains=word)
                | Q(title__icontains=word)
                | Q(enterprise__name__icontains=word)
            )
        return memberships


class AcceptInvitationForm(StyledFormMixin, forms.Form):
    """A new person names themselves and chooses a password."""

    full_name = forms.CharField(
        label=_("Your name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    password1 = forms.CharField(
        label=_("Choose a password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("The same password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].help_text = " ".join(password_validation.password_validators_help_texts())

    def clean_full_name(self):
        name = " ".join(self.cleaned_data["full_name"].split())
        if not name:
            raise forms.ValidationError(_("Write your name."))
        return name

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class PlatformIdentityForm(StyledFormMixin, forms.ModelForm):
    """What a platform shows of itself: name, logo, colour and how to reach it."""

    class Meta:
        model = Platform
        fields = ["name", "logo", "colour", "contact_email", "contact_phone", "description"]
        widgets = {
            "logo": forms.ClearableFileInput(attrs={"accept": ACCEPT}),
            "colour": forms.TextInput(attrs={"maxlength": 7, "spellcheck": "false", "autocomplete": "off"}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        error_messages = {
            "logo": {"invalid_image": _("Upload a JPEG, PNG or WebP image.")},
            "colour": {
                "max_length": _("Write the colour as # and six hexadecimal digits, for example #1d3a5f.")
            },
        }

    def clean_colour(self):
        # '#1D3A5F' and '1d3a5f' are the same colour; the model's validator then checks the contrast.
        value = self.cleaned_data["colour"]
        return normalise_hex(value) or value

    def clean_logo(self):
        return clean_image(self.cleaned_data.get("logo"), max_side=800)

    def clean(self):
        data = super().clean()
        for name, value in data.items():
            if isinstance(value, str):
                data[name] = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        return data
