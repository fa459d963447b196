"""Forms of the interventions; the pages and the API validate with the same forms."""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import StyledFormMixin

from .models import Category, Intervention, Outcome

# Extension → the first bytes a real file of that kind starts with.
ATTACHMENT_TYPES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class MoneyField(forms.DecimalField):
    """SEK with öre: "12 500,50" or "12500.50", more than zero, at most two decimals."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_digits", 12)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("localize", True)
        super().__init__(**kwargs)
        self.widget.attrs.update(inputmode="decimal", autocomplete="off")

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().removesuffix("kr").removesuffix("SEK").strip()
        return super().to_python(value)

    def validate(self, value):
        super().validate(value)
        if value is not None and value <= 0:
            raise forms.ValidationError(_("Enter an amount greater than zero."), code="min_value")

    def clean(self, value):
        # Always with öre, so that 12500 and 12500.00 are the same amount in the history too.
        value = super().clean(value)
        return value.quantize(Decimal("0.01")) if value is not None else None


def check_upload(upload, *, field_label=None):
    """The type (by extension and content) and the size of an uploaded file."""
    if upload is None:
        return upload
    limit = settings.INTERVENTION_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    ext = upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if ext not in ATTACHMENT_TYPES or not head.startswith(ATTACHMENT_TYPES[ext]):
        raise forms.ValidationError(
            _("Upload a PDF, a picture (PNG, JPEG) or an office document (DOCX, XLSX, ODT, ODS)."),
            code="invalid_type",
        )
    return upload


def _plain_text(data):
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
    return data


class BudgetForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    total = MoneyField(label=_("Total amount (SEK)"))
    funder = forms.CharField(label=_("Funder"), max_length=150)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in Category.choices:
            self.fields[f"category_{value}"] = MoneyField(
                label=label, required=False, help_text=_("Optional: the part set aside for this category.")
            )
        if editing:
            self.fields["year"].disabled = True

    def category_amounts(self) -> dict[str, Decimal | None]:
        return {value: self.cleaned_data.get(f"category_{value}") for value in Category.values}

    def category_fields(self):
        return [self[f"category_{value}"] for value in Category.values]


class InterventionForm(StyledFormMixin, forms.ModelForm):
    year = forms.IntegerField(
        label=_("Budget year"),
        min_value=2000,
        max_value=2100,
        help_text=_("The year whose budget it draws on."),
    )
    requested_amount = MoneyField(label=_("Requested amount (SEK)"))

    class Meta:
        model = Intervention
        fields = [
            "title",
            "purpose",
            "expected_effect",
            "enterprises",
            "category",
            "requested_amount",
            "supplier",
            "starts_on",
            "ends_on",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 4}),
            "expected_effect": forms.Textarea(attrs={"rows": 3}),
            "enterprises": forms.CheckboxSelectMultiple,
            "starts_on": DateInput,
            "ends_on": DateInput,
        }

    def __init__(self, *args, enterprises, whole_platform_allowed=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprises"].queryset = enterprises
        self.fields["enterprises"].widget.attrs["class"] = "form-check-input"
        self.whole_platform_allowed = whole_platform_allowed
        if not whole_platform_allowed:
            self.fields["enterprises"].required = True
            self.fields["enterprises"].help_text = _("The enterprise or enterprises it serves.")
        if self.instance.pk:
            self.initial["year"] = self.instance.budget.year
        else:
            self.initial.setdefault("year", timezone.localdate().year)

    def clean(self):
        data = _plain_text(super().clean())
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end must not come before the start."))
        return data


class AttachmentForm(StyledFormMixin, forms.Form):
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        return check_upload(self.cleaned_data["file"])


class PrepareForm(StyledFormMixin, forms.Form):
    recommendation = forms.CharField(
        label=_("Recommendation to the steering group"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        return _plain_text(super().clean())


class DecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=300,
        help_text=_("The steering group and its meeting, e.g. “Steering group, meeting 12 March 2026”."),
    )
    amount = MoneyField(label=_("Approved amount (SEK)"), required=False, help_text=_("When approved."))
    text = forms.CharField(
        label=_("Conditions or reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Conditions for an approval; the reason for a rejection."),
    )

    def __init__(self, *args, amending=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outcome"].widget.attrs["class"] = "form-check-input"
        if amending:
            self.fields["outcome"].choices = [(Outcome.APPROVED, Outcome.APPROVED.label)]
            self.fields["amount"].label = _("New approved amount (SEK)")

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > timezone.localdate():
            raise forms.ValidationError(_("A decision cannot be dated in the future."), code="future")
        return value

    def clean(self):
        data = _plain_text(super().clean())
        if (
            data.get("outcome") == Outcome.APPROVED
            and data.get("amount") is None
            and "amount" not in self.errors
        ):
            self.add_error("amount", _("Give the approved amount."))
        if data.get("outcome") == Outcome.REJECTED and not (data.get("text") or "").strip():
            self.add_error("text", _("Give the reason for the rejection."))
        return data


class ExpenseForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    amount = MoneyField(label=_("Amount (SEK)"))
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    invoice_reference = forms.CharField(label=_("Invoice reference"), max_length=100, required=False)
    attachment = forms.FileField(label=_("Invoice or receipt"), required=False)

    def clean_attachment(self):
        return check_upload(self.cleaned_data.get("attachment"))

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Enter the date of the invoice or payment."), code="invalid")
        return value


class ReportForm(StyledFormMixin, forms.Form):
    done = forms.CharField(
        label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    people_reached = forms.IntegerField(
        label=_("Number of people reached"),
        min_value=0,
        max_value=100000,
        help_text=_("A count only: no names."),
    )
    assessment = forms.CharField(
        label=_("Assessment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Did it have the effect that was expected? What would you do differently?"),
    )

    def clean(self):
        return _plain_text(super().clean())
