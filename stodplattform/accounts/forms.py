from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import StyledFormMixin

from .models import Scope, User

# The lifetimes offered when a token is made, in days.
TOKEN_LIFETIMES = [(30, _("30 days")), (90, _("90 days")), (365, _("1 year"))]


class ProfileForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "language"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }
        help_texts = {
            "phone": _("Shown to the coordinators of your platform, so that they can reach you."),
            "language": _("The site speaks this language once you have signed in."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", _("Follow the language switch"))] + [
            choice for choice in self.fields["language"].choices if choice[0]
        ]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        allowed = set("0123456789+-() ")
        if phone and (not set(phone) <= allowed or sum(c.isdigit() for c in phone) < 5):
            raise forms.ValidationError(_("Enter a phone number with digits, e.g. 070-123 45 67."))
        return phone


class ApiTokenForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("What the token is for"),
        max_length=100,
        help_text=_("For example the name of the script or system that will use it."),
    )
    scope = forms.ChoiceField(
        label=_("Access"),
        choices=Scope.choices,
        initial=Scope.READ,
        help_text=_("Read only is enough for reports and exports."),
    )
    days = forms.TypedChoiceField(label=_("Valid for"), coerce=int, choices=TOKEN_LIFETIMES, initial=365)


class LoginForm(AllauthLoginForm):
    """allauth's login form with our wording; the reset link is on the page itself."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("E-mail address")
        self.fields["login"].widget.attrs.update({"autocomplete": "email", "autofocus": True})
        self.fields["password"].help_text = ""
