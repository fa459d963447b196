"""Forms of the interventions; the pages and the API validate with the same forms."""

import datetime
from decimal import Decimal

from django import forms
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.files import check_attachment
from stodplattform.core.forms import PeopleCountField, StyledFormMixin

from .models import Category, Intervention, Outcome


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


def check_upload(upload):
    """The type (by extension and content) and the size of an uploaded file: the house's one check."""
    if upload is None:
        return upload
    return check_attachment(upload, max_bytes=settings.INTERVENTION_ATTACHMENT_MAX_BYTES)


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


class MeetingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, meeting):
        return f"{timezone.localtime(meeting.starts_at):%Y-%m-%d} {meeting.title}"


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


class Basis(models.TextChoices):
    MEETING = "meeting", _("At a steering group meeting")
    CIRCULATION = "circulation", _("By circulation (per capsulam)")


class DecisionForm(StyledFormMixin, forms.Form):
    """Where the decision was taken: one of the platform's steering meetings (the queryset from
    the meetings' services) or by circulation, with the current steering members who agreed."""

    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    basis = forms.ChoiceField(label=_("Taken"), choices=Basis.choices, widget=forms.RadioSelect)
    meeting = MeetingChoiceField(
        label=_("Steering group meeting"),
        queryset=None,
        required=False,
        empty_label=_("Choose …"),
        help_text=_("The decision becomes a § of that meeting's minutes (before they are locked)."),
    )
    agreed_by = MemberChoiceField(
        label=_("Steering members who agreed"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        widget=DateInput,
        required=False,
        help_text=_("By circulation: the day the last needed member agreed."),
    )
    amount = MoneyField(label=_("Approved amount (SEK)"), required=False, help_text=_("When approved."))
    text = forms.CharField(
        label=_("Conditions or reason"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Conditions for an approval; the reason for a rejection."),
    )

    def __init__(self, *args, meetings, members, majority=1, amending=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings
        self.fields["agreed_by"].queryset = members
        self.fields["agreed_by"].help_text = _(
            "By circulation: more than half of the current steering members must agree, here at least %(count)s."
        ) % {"count": majority}
        for name in ("outcome", "basis", "agreed_by"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        if amending:
            self.fields["outcome"].choices = [(Outcome.APPROVED, Outcome.APPROVED.label)]
            self.fields["amount"].label = _("New approved amount (SEK)")

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value and value > timezone.localdate():
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
        basis = data.get("basis")
        if basis == Basis.MEETING:
            if data.get("meeting") is None and "meeting" not in self.errors:
                self.add_error("meeting", _("Choose the meeting where the decision was taken."))
            data["agreed_by"], data["decided_on"] = [], None
        elif basis == Basis.CIRCULATION:
            if not data.get("agreed_by") and "agreed_by" not in self.errors:
                self.add_error("agreed_by", _("Tick the steering members who agreed."))
            if data.get("decided_on") is None and "decided_on" not in self.errors:
                self.add_error("decided_on", _("Give the date of the decision."))
            data["meeting"] = None
        return data


class ExpenseForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput)
    amount = MoneyField(label=_("Amount (SEK)"))
    supplier = forms.CharField(label=_("Supplier"), max_length=200)
    invoice_reference = forms.CharField(label=_("Invoice reference"), max_length=100, required=False)
    attachment = forms.FileField(label=_("Invoice or receipt"), required=False)

    def __init__(self, *args, receipt_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if receipt_required:
            self.fields["attachment"].required = True
            self.fields["attachment"].help_text = _(
                "The coordinator approves the expense from the invoice or receipt (PDF, picture or office document)."
            )

    def clean_attachment(self):
        return check_upload(self.cleaned_data.get("attachment"))

    def clean_date(self):
        value = self.cleaned_data["date"]
        if value > timezone.localdate() + datetime.timedelta(days=366):
            raise forms.ValidationError(_("Enter the date of the invoice or payment."), code="invalid")
        return value


class ExpenseReviewForm(StyledFormMixin, forms.Form):
    approve = forms.TypedChoiceField(
        label=_("Your decision"),
        choices=[("1", _("Approve")), ("0", _("Do not approve"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason for not approving"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sent to the one who submitted it, when it is not approved."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["approve"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = _plain_text(super().clean())
        if data.get("approve") is False and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give the reason why the expense is not approved."))
        return data


class ReportForm(StyledFormMixin, forms.Form):
    done = forms.CharField(
        label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    # People reached by gender, as the funder's follow-up counts them: a count only, no names.
    people_reached_women = PeopleCountField(label=_("Women"))
    people_reached_men = PeopleCountField(label=_("Men"))
    people_reached_other = PeopleCountField(label=_("Other/not stated"))
    assessment = forms.CharField(
        label=_("Assessment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Did it have the effect that was expected? What would you do differently?"),
    )

    # The three counts are shown as one group (includes/count_group.html).
    group_names = ("people_reached_women", "people_reached_men", "people_reached_other")
    group_legend = _("People reached")
    group_help = _(
        "A count only, no names. Count each person once; those whose gender is other or not "
        "known under other/not stated. Write 0 where there were none."
    )

    def group_fields(self):
        return [self[name] for name in self.group_names]

    def clean(self):
        return _plain_text(super().clean())
