from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import StyledFormMixin
from stodplattform.platforms.models import Municipality, Platform

from .models import Enterprise, Industry
from .search import words


class Offer:
    GOODS = "goods"
    SERVICES = "services"
    PUBLIC = "public"
    PRIVATE = "private"
    CHOICES = [
        ("", _("Anything")),
        (GOODS, _("Goods")),
        (SERVICES, _("Services")),
        (PUBLIC, _("Sells to the public sector")),
        (PRIVATE, _("Sells to private customers")),
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
    offer = forms.ChoiceField(label=_("Offers"), choices=Offer.CHOICES, required=False)

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
        offer = data.get("offer")
        if offer == Offer.GOODS:
            queryset = queryset.exclude(offers_goods="")
        elif offer == Offer.SERVICES:
            queryset = queryset.exclude(offers_services="")
        elif offer == Offer.PUBLIC:
            queryset = queryset.filter(sells_to_public=True)
        elif offer == Offer.PRIVATE:
            queryset = queryset.filter(sells_to_private=True)
        return queryset


def directory_queryset(params):
    """The public directory for the given query parameters: (filter form, queryset)."""
    form = DirectoryFilter(params)
    queryset = (
        form.apply(Enterprise.objects.public())
        .select_related("platform", "municipality")
        .prefetch_related("industries")
        .ranked()
    )
    return form, queryset
