from django import forms
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import StyledFormMixin
from stodplattform.platforms.models import Municipality


class MunicipalityForm(StyledFormMixin, forms.Form):
    """All of Sweden's municipalities, grouped by county: works without JavaScript (a GET form)."""

    kommun = forms.ChoiceField(
        label=_("Your municipality"),
        error_messages={
            "required": _("Choose your municipality in the list."),
            "invalid_choice": _(
                "There is no Swedish municipality with that code. Choose your municipality in the list."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        groups = {}
        for code, name, region in Municipality.objects.order_by("region__name", "name").values_list(
            "code", "name", "region__name"
        ):
            groups.setdefault(region, []).append((code, name))
        self.fields["kommun"].choices = [("", _("Choose a municipality")), *groups.items()]

    def clean_kommun(self):
        return Municipality.objects.select_related("region").get(code=self.cleaned_data["kommun"])


class PersonForm(StyledFormMixin, forms.Form):
    """One person, by e-mail address: an account's, or one given on a form (a registration, a request)."""

    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        error_messages={
            "required": _("Write the person's e-mail address."),
            "invalid": _("Write a whole e-mail address, such as anna@example.se."),
        },
    )


class EraseForm(PersonForm):
    confirm = forms.BooleanField(
        label=_("I understand that the person's data is removed for good and cannot be brought back."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
