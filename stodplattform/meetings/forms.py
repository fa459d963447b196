from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from stodplattform.accounts.models import User
from stodplattform.core.files import ATTACHMENT_TYPES, check_attachment
from stodplattform.core.forms import StyledFormMixin, formfield_assuming_https

from .models import ActionItem, AgendaItem, Attendance, Decision, Meeting, Series

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024

MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class SeriesForm(StyledFormMixin, forms.ModelForm):
    skip = forms.TypedMultipleChoiceField(
        label=_("Months without a meeting"),
        choices=MONTHS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("E.g. July."),
    )

    class Meta:
        model = Series
        formfield_callback = formfield_assuming_https
        fields = [
            "kind",
            "title",
            "frequency",
            "ordinal",
            "weekday",
            "start_time",
            "duration_minutes",
            "starts_on",
            "ends_on",
            "place",
            "video_link",
        ]
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skip"].widget.attrs["class"] = "form-check-input"
        duration = self.fields["duration_minutes"]
        duration.validators += [MinValueValidator(5), MaxValueValidator(24 * 60)]
        duration.widget.attrs.update(min=5, max=24 * 60)

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The last date must come after the first date."))
        return data

    def series_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["skip_months"] = ",".join(str(m) for m in self.cleaned_data.get("skip") or [])
        return data


class MeetingForm(StyledFormMixin, forms.ModelForm):
    guests = forms.ModelMultipleChoiceField(
        label=_("Also invited by name"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("E.g. co-opted support persons. The roles invite everyone else."),
    )

    class Meta:
        model = Meeting
        formfield_callback = formfield_assuming_https
        fields = [
            "title",
            "starts_at",
            "ends_at",
            "proposals_close_at",
            "place",
            "video_link",
            "secretary",
            "checker",
        ]
        widgets = {
            "starts_at": DateTimeInput(),
            "ends_at": DateTimeInput(),
            "proposals_close_at": DateTimeInput(),
        }

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = people if people is not None else User.objects.none()
        for name in ("secretary", "checker", "guests"):
            self.fields[name].queryset = people
            self.fields[name].label_from_instance = lambda u: u.full_name or u.email
        if self.instance.pk:
            self.fields["guests"].initial = [g.user_id for g in self.instance.guests.all()]

    def clean(self):
        data = super().clean()
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The end must come after the start."))
        close = data.get("proposals_close_at")
        if close and starts_at and close > starts_at:
            self.add_error("proposals_close_at", _("Agenda proposals must close before the meeting starts."))
        return data


class AgendaItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title", "presenter", "duration_minutes", "attachment"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["duration_minutes"].validators += [MinValueValidator(1), MaxValueValidator(600)]
        self.fields["attachment"].widget.attrs["accept"] = ",".join(ATTACHMENT_TYPES)
        self.fields["attachment"].help_text = _(
            "PDF, Word, Excel, OpenDocument, text or image; at most %(limit)s."
        ) % {"limit": filesizeformat(ATTACHMENT_MAX_BYTES)}

    def clean_attachment(self):
        # The types every private attachment may be (an .html or .svg could run script when opened).
        return check_attachment(self.cleaned_data.get("attachment"), max_bytes=ATTACHMENT_MAX_BYTES)


class DecisionForm(StyledFormMixin, forms.ModelForm):
    number = forms.IntegerField(
        label=_("Number (§)"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Leave empty for the next free number."),
    )

    class Meta:
        model = Decision
        fields = ["agenda_item", "number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = (
            meeting.agenda_items.all() if meeting else AgendaItem.objects.none()
        )
        self.fields["agenda_item"].required = False


class ActionItemForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due_on", "decision"]
        widgets = {"due_on": DateInput()}
        error_messages = {
            "owner": {"required": _("Name who is to do it.")},
            "due_on": {"required": _("Give a due date.")},
        }

    def __init__(self, *args, meeting=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people if people is not None else User.objects.none()
        self.fields["owner"].label_from_instance = lambda u: u.full_name or u.email
        self.fields["decision"].queryset = meeting.decisions.all() if meeting else Decision.objects.none()
        self.fields["decision"].required = False


class ConfirmForm(StyledFormMixin, forms.Form):
    """A step that asks before something that cannot be undone (a ticked box, so it works without JavaScript)."""

    confirm = forms.BooleanField(
        label=_("I have read the minutes and they are correct"),
        error_messages={"required": _("Tick the box to confirm.")},
    )

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["confirm"].label = label


class AdditionForm(StyledFormMixin, forms.Form):
    text = forms.CharField(label=_("Addition"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ArchiveFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("All kinds")), *Meeting._meta.get_field("kind").choices],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def filter(self, meetings):
        if not self.is_valid():
            return meetings
        data = self.cleaned_data
        meetings = meetings.search(data.get("q"))
        if data.get("kind"):
            meetings = meetings.filter(kind=data["kind"])
        if data.get("year"):
            meetings = meetings.filter(starts_at__year=data["year"])
        return meetings


ATTENDANCE_CHOICES = [("", _("Not recorded")), *Attendance.Status.choices]
