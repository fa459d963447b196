from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from stodplattform.core.files import check_attachment
from stodplattform.core.forms import StyledFormMixin, formfield_assuming_https
from stodplattform.core.validators import reject_control_characters
from stodplattform.enterprises.models import Industry, LegalForm, OfferKind, Status
from stodplattform.interventions.forms import DateInput, MoneyField
from stodplattform.platforms import access
from stodplattform.platforms.models import Municipality, Region, RegionalRole

from .models import (
    CallApplication,
    FundingCall,
    Outcome,
    QualityLabel,
    ReservedEvidence,
    Tender,
    TenderOutcome,
)

STATUTES_TYPES = {".pdf", ".png", ".jpg", ".jpeg"}
STATUTES_MAX_BYTES = 10 * 1024 * 1024


class AmountField(MoneyField):
    """Kronor as typed in Sweden or abroad: "1 500 000", "1500000", "1 500 000,50"; words and
    abbreviations ("1,5 milj.") are refused with an example rather than guessed."""

    default_error_messages = {
        "invalid": _("Enter the amount in kronor with digits only, e.g. 1 500 000."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("kr").removesuffix("SEK").strip()
            value = value.replace("\u00a0", "").replace(" ", "")
            if value.count(",") == 1 and "." not in value:
                value = value.replace(",", ".")
        return super().to_python(value)


def http_link(value: str) -> str:
    if value and not value.lower().startswith(("http://", "https://")):
        raise forms.ValidationError(
            _("Enter a web address that begins with https:// or http://."), code="scheme"
        )
    return value


def call_scopes(user):
    """(value, label, platform, region) of what a person may keep calls for: their coordinated
    platforms ("p<pk>"), the regions they coordinate ("r<pk>"), everyone ("all", superusers)."""
    scopes = [(f"p{p.pk}", p.name, p, None) for p in access.coordinated_platforms(user).order_by("name")]
    regions = (
        Region.objects.all()
        if user.is_superuser
        else Region.objects.filter(pk__in=access.regions_with_role(user, {RegionalRole.Kind.COORDINATOR}))
    )
    scopes += [
        (f"r{r.pk}", gettext("All platforms in %(region)s") % {"region": r.name}, None, r)
        for r in regions.order_by("name")
    ]
    if user.is_superuser:
        scopes.append(("all", gettext("All platforms"), None, None))
    return scopes


class CallForm(StyledFormMixin, forms.ModelForm):
    amount_max = AmountField(label=_("largest amount (kr)"), required=False)
    legal_forms = forms.MultipleChoiceField(
        label=_("legal forms"),
        choices=LegalForm.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any legal form."),
    )
    statuses = forms.MultipleChoiceField(
        label=_("status of the enterprise"),
        choices=[(s, label) for s, label in Status.choices if s != Status.CLOSED],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "None ticked: any status. Ideas and start-ups include prospects in the start-up pipeline."
        ),
    )
    scope = forms.ChoiceField(label=_("shared with"), required=False)

    class Meta:
        model = FundingCall
        formfield_callback = formfield_assuming_https
        fields = [
            "title",
            "kind",
            "funder",
            "description",
            "amount_max",
            "cofinancing_percent",
            "deadline",
            "continuous",
            "reminder_days",
            "url",
            "legal_forms",
            "statuses",
            "min_age_years",
            "max_age_years",
            "min_employees",
            "max_employees",
            "regions",
            "municipalities",
            "industries",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "deadline": DateInput(),
            "regions": forms.SelectMultiple(attrs={"size": 4}),
            "municipalities": forms.SelectMultiple(attrs={"size": 6}),
            "industries": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, scopes=(), **kwargs):
        """``scopes``: [(value, label, platform, region)] the user may keep calls for."""
        super().__init__(*args, **kwargs)
        self.scopes = {value: (platform, region) for value, _label, platform, region in scopes}
        self.fields["scope"].choices = [(value, label) for value, label, _p, _r in scopes]
        self.fields["scope"].required = True
        if self.instance.pk:
            self.fields.pop("scope")
        elif len(scopes) == 1:
            self.fields["scope"].initial = scopes[0][0]
        self.fields["municipalities"].queryset = Municipality.objects.select_related("region")
        self.fields["regions"].queryset = Region.objects.all()
        self.fields["industries"].queryset = Industry.objects.all()
        for name in ("legal_forms", "statuses"):
            self.fields[name].widget.attrs["class"] = "form-check-input"

    ELIGIBILITY = (
        "legal_forms",
        "statuses",
        "min_age_years",
        "max_age_years",
        "min_employees",
        "max_employees",
        "regions",
        "municipalities",
        "industries",
    )

    def call_fields(self):
        return [self[n] for n in self.fields if n not in self.ELIGIBILITY and n != "scope"]

    def eligibility_fields(self):
        return [self[n] for n in self.ELIGIBILITY]

    def clean_url(self):
        return http_link(self.cleaned_data["url"])

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        unchanged = self.instance.pk and deadline == self.instance.deadline
        if deadline and deadline < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("The deadline has passed. Enter a coming date."), code="past")
        return deadline

    def clean(self):
        data = super().clean()
        reject_control_characters(self)
        if not data.get("continuous") and not data.get("deadline") and "deadline" not in self.errors:
            self.add_error("deadline", _("Enter a deadline, or tick that the call is continuous."))
        for low, high in (("min_age_years", "max_age_years"), ("min_employees", "max_employees")):
            if data.get(low) is not None and data.get(high) is not None and data[low] > data[high]:
                self.add_error(high, _("Cannot be less than the lowest value."))
        if "scope" in self.fields and data.get("scope") in self.scopes:
            self.instance.platform, self.instance.region = self.scopes[data["scope"]]
        return data


class OutcomeForm(StyledFormMixin, forms.ModelForm):
    amount_granted = AmountField(label=_("amount granted (kr)"), required=False)

    class Meta:
        model = CallApplication
        fields = ["outcome", "amount_granted", "decided_on"]
        widgets = {"decided_on": DateInput()}

    def clean(self):
        data = super().clean()
        if data.get("outcome") == Outcome.GRANTED and not data.get("amount_granted"):
            self.add_error("amount_granted", _("Enter the amount granted."))
        if data.get("outcome") != Outcome.GRANTED:
            data["amount_granted"] = None
        return data


class EvidenceForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ReservedEvidence
        fields = ["statutes", "purpose_confirmed"]
        # A plain file input: the private file has no address to show (the page links the download).
        widgets = {"statutes": forms.FileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"})}

    def clean_statutes(self):
        upload = self.cleaned_data["statutes"]
        if isinstance(upload, UploadedFile):
            if Path(upload.name).suffix.lower() not in STATUTES_TYPES:
                raise forms.ValidationError(
                    _("Upload the statutes as a PDF or an image (PNG, JPEG)."), code="type"
                )
            check_attachment(upload, max_bytes=STATUTES_MAX_BYTES)
        return upload


class TenderForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Tender
        formfield_callback = formfield_assuming_https
        fields = ["title", "kind", "buyer", "description", "offers", "deadline", "url", "reserved"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "deadline": DateInput(),
            "offers": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].queryset = OfferKind.objects.all()
        self.fields["offers"].widget.attrs["class"] = "form-check-input"
        self.fields["offers"].required = True
        self.fields["offers"].to_field_name = "code"

    def clean_url(self):
        return http_link(self.cleaned_data["url"])

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        unchanged = self.instance.pk and deadline == self.instance.deadline
        if deadline and deadline < timezone.localdate() and not unchanged:
            raise forms.ValidationError(_("The deadline has passed. Enter a coming date."), code="past")
        return deadline

    def clean(self):
        data = super().clean()
        reject_control_characters(self)
        return data


class TenderOutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("outcome"), choices=TenderOutcome.choices)


class LabelForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = QualityLabel
        fields = ["kind", "name", "awarded_on", "renewal_due", "checked_on"]
        widgets = {"awarded_on": DateInput(), "renewal_due": DateInput(), "checked_on": DateInput()}

    def clean(self):
        data = super().clean()
        reject_control_characters(self)
        if data.get("awarded_on") and data.get("renewal_due") and data["renewal_due"] < data["awarded_on"]:
            self.add_error("renewal_due", _("Renewal cannot be due before the label was awarded."))
        if data.get("awarded_on") and data["awarded_on"] > timezone.localdate():
            self.add_error("awarded_on", _("Enter a date that has passed."))
        return data
