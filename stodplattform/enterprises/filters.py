from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import StyledFormMixin
from stodplattform.platforms.models import Municipality, Platform

from .models import Enterprise, Industry
from .search import words


class What:
    GOODS = "goods"
    SERVICES = "services"
    CHOICES = [("", _("Goods and services")), (GOODS, _("Goods")), (SERVICES, _("Services"))]


class Buyer:
    PRIVATE = "private"
    COMPANIES = "companies"
    PUBLIC = "public"
    CHOICES = [
        ("", _("Anyone")),
        (PRIVATE, _("Private persons")),
        (COMPANIES, _("Companies")),
        (PUBLIC, _("The public sector")),
    ]


class DirectoryFilter(StyledFormMixin, forms.Form):
    """Search and filters of the public directory; also used by the exports and the API."""

    q = forms.CharField(label=_("Search"), max_length=100, required=False)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.filter(enterprises__in=Enterprise.objects.public()).distinct(),
        to_field_name="code",
        required=False,
        empty_label=_("All municipalities"),
    )
    platform = forms.ModelChoiceField(
        label=_("Platform"),
        queryset=Platform.objects.public(),
        to_field_name="slug",
        required=False,
        empty_label=_("All platforms"),
    )
    industry = forms.ModelChoiceField(
        label=_("Industry"),
        queryset=Industry.objects.filter(enterprises__in=Enterprise.objects.public()).distinct(),
        to_field_name="code",
        required=False,
        empty_label=_("All industries"),
    )
    what = forms.ChoiceField(label=_("Sells"), choices=What.CHOICES, required=False)
    buyer = forms.ChoiceField(label=_("Sells to"), choices=Buyer.CHOICES, required=False)

    def clean_q(self):
        text = self.cleaned_data["q"]
        if text.strip() and not words(text):
            raise ValidationError(_("Search for words: write at least one letter or digit."), code="no_words")
        return text

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data is not None else {}, **kwargs)
        self.fields["industry"].label_from_instance = lambda obj: str(obj)

    def apply(self, queryset):
        """The queryset narrowed by the valid filters; invalid ones are ignored (and shown)."""
        self.is_valid()
        # cleaned_data holds only the fields that validated.
        data = self.cleaned_data
        queryset = queryset.search(data.get("q", ""))
        if data.get("municipality"):
            queryset = queryset.filter(municipality=data["municipality"])
        if data.get("platform"):
            queryset = queryset.filter(platform=data["platform"])
        if data.get("industry"):
            queryset = queryset.filter(industries=data["industry"])
        if data.get("what") == What.GOODS:
            queryset = queryset.exclude(offers_goods="")
        elif data.get("what") == What.SERVICES:
            queryset = queryset.exclude(offers_services="")
        buyer = data.get("buyer")
        if buyer == Buyer.PRIVATE:
            queryset = queryset.filter(sells_to_private=True)
        elif buyer == Buyer.COMPANIES:
            queryset = queryset.filter(sells_to_companies=True)
        elif buyer == Buyer.PUBLIC:
            queryset = queryset.filter(sells_to_public=True)
        return queryset


def directory_queryset(params):
    """The public directory for the given query parameters: (filter form, queryset)."""
    form = DirectoryFilter(params)
    queryset = (
        form.apply(Enterprise.objects.public())
        .select_related("platform", "municipality")
        .prefetch_related("industries", "photos", "opening_hours")
        .ranked()
    )
    return form, queryset
