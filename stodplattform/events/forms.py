from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import StyledFormMixin, formfield_assuming_https
from stodplattform.core.validators import reject_control_characters

from .models import Event, Exhibitor, ProgrammeItem, Registration, RegistrationStatus


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


EVENT_FIELDS = [
    "platform",
    "title",
    "kind",
    "with_fair",
    "starts_at",
    "ends_at",
    "venue",
    "room",
    "address",
    "online_url",
    "summary",
    "description",
    "description_en",
    "capacity",
    "registration_opens_at",
    "registration_closes_at",
    "is_public",
]


class EventForm(StyledFormMixin, forms.ModelForm):
    """An event's own fields. The rules across rows (capacity and places taken) are in services."""

    class Meta:
        model = Event
        fields = EVENT_FIELDS
        formfield_callback = formfield_assuming_https
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "registration_opens_at": DateTimeInput(),
            "registration_closes_at": DateTimeInput(),
            "description": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8, "lang": "en"}),
        }

    def __init__(self, *args, platforms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms
        self.fields["platform"].empty_label = None
        for name in ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at"):
            self.fields[name].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        opens, closes = data.get("registration_opens_at"), data.get("registration_closes_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must come after the start."))
        if opens and closes and closes <= opens:
            self.add_error("registration_closes_at", _("Registration must close after it opens."))
        if closes and ends and closes > ends:
            self.add_error("registration_closes_at", _("Registration must close before the event ends."))
        if not data.get("venue") and not data.get("address") and not data.get("online_url"):
            self.add_error("venue", _("Give a place, an address or a link to join online."))
        return data

    def save(self, commit=True):
        if not self.instance.slug:
            base = slugify(self.instance.title)[:60] or "evenemang"
            slug, n = base, 2
            while Event.objects.filter(slug=slug).exists():
                slug, n = f"{base}-{n}", n + 1
            self.instance.slug = slug
        return super().save(commit)


class ProgrammeItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["starts_at", "title", "speaker"]
        widgets = {"starts_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


ProgrammeFormSet = forms.inlineformset_factory(
    Event, ProgrammeItem, form=ProgrammeItemForm, extra=3, can_delete=True, max_num=40, validate_max=True
)


class RegistrationForm(StyledFormMixin, forms.ModelForm):
    consent = forms.BooleanField(
        label=_("I agree that the organiser keeps my name, e-mail and organisation for this event."),
        help_text=_("They are removed a while after the event."),
    )
    # A honeypot: hidden from people, filled in by some robots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))

    class Meta:
        model = Registration
        fields = ["name", "email", "organisation", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}
        labels = {"note": _("Note to the organiser (optional)")}
        help_texts = {
            "note": _(
                "For example allergies or access needs. Only the organiser sees it, "
                "and it is deleted after the event."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["organisation"].widget.attrs["autocomplete"] = "organization"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean(self):
        data = super().clean()
        reject_control_characters(self)
        return data

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class ExhibitorForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Exhibitor
        fields = ["enterprise", "booth", "pitch"]

    def __init__(self, *args, enterprises, organiser: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = enterprises
        self.fields["enterprise"].empty_label = None
        if not organiser:
            # The organiser hands out the booths.
            del self.fields["booth"]


class AttendeeFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, e-mail or organisation"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("All"))] + list(RegistrationStatus.choices)
    )
    attended = forms.ChoiceField(
        label=_("Checked in"), required=False, choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            )

    def filter(self, registrations):
        if not self.is_valid():
            return registrations
        data = self.cleaned_data
        if data["q"]:
            from django.db.models import Q

            for word in data["q"].split()[:5]:
                registrations = registrations.filter(
                    Q(name__icontains=word) | Q(email__icontains=word) | Q(organisation__icontains=word)
                )
        if data["status"]:
            registrations = registrations.filter(status=data["status"])
        if data["attended"]:
            registrations = registrations.filter(checked_in_at__isnull=data["attended"] == "no")
        return registrations


class FeedbackForm(StyledFormMixin, forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was the event?"),
        choices=[(str(n), str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is best."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].widget.attrs["class"] = "form-check-input"

    def clean(self):
        data = super().clean()
        reject_control_characters(self)
        return data
