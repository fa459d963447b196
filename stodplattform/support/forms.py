from django import forms
from django.conf import settings
from django.db import connection
from django.db.models import Case, Q, Value, When
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from stodplattform.accounts.models import User
from stodplattform.core.files import ATTACHMENT_TYPES, check_attachment
from stodplattform.core.forms import StyledFormMixin
from stodplattform.core.validators import reject_control_characters
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms.models import Membership, Municipality, Platform, Role

from .models import (
    MAX_ENTRY_MINUTES,
    CaseEntry,
    CaseStatus,
    Category,
    Outcome,
    Prospect,
    Stage,
    SupportCase,
    TimeEntry,
)


def _normalise_text(data: dict) -> dict:
    # Browsers send text areas with CRLF; store plain newlines.
    for name, value in data.items():
        if isinstance(value, str):
            data[name] = value.replace("\r\n", "\n").replace("\r", "\n")
    return data


def clean_phone(value: str) -> str:
    value = (value or "").strip()
    digits = "".join(ch for ch in value if ch.isdigit())
    if value and (not all(ch.isdigit() or ch in " +-()" for ch in value) or not 7 <= len(digits) <= 15):
        raise forms.ValidationError(
            _("Enter a phone number of 7–15 digits, e.g. 0240-123 45."), code="invalid"
        )
    return value


def clean_minutes(minutes):
    if minutes is None:
        return 0
    if minutes < 0:
        raise forms.ValidationError(_("Minutes cannot be negative."), code="negative")
    if minutes > MAX_ENTRY_MINUTES:
        raise forms.ValidationError(
            _("At most 24 hours (1440 minutes) in one entry; split longer work over several days."),
            code="too_many",
        )
    return minutes


def staff_of(platform):
    """Who may be assigned a case: the platform's current coordinators and co-opted support people."""
    members = Membership.objects.current().filter(
        platform=platform, role__in=[Role.COORDINATOR, Role.COOPTED]
    )
    return User.objects.filter(pk__in=members.values("user_id")).order_by("full_name", "email")


class SupportRequestForm(StyledFormMixin, forms.Form):
    """The public "Få stöd" form. Anyone may send it; it never says whether an address is known."""

    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    organisation = forms.CharField(
        label=_("Organisation or idea"),
        max_length=200,
        required=False,
        help_text=_("The association or enterprise you represent, or a few words about your idea."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.all(),
        to_field_name="code",
        empty_label=_("Choose a municipality"),
        error_messages={"invalid_choice": _("Choose a municipality from the list.")},
    )
    needs = forms.MultipleChoiceField(
        label=_("What do you need help with?"),
        choices=Category.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of support.")},
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Tell us briefly what you want to do. Do not write anything about health."),
    )
    notify = forms.BooleanField(label=_("E-mail me when the case is closed"), required=False, initial=True)
    consent = forms.BooleanField(
        label=_("I agree that the support platform stores my request and contact details to answer it."),
        error_messages={"required": _("We need your consent to store the request before we can help you.")},
    )
    # A honeypot: hidden from people, filled in by robots.
    website = forms.CharField(label=_("Leave this field empty"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.platform = None
        self.fields["needs"].widget.attrs["class"] = "form-check-input"
        self.fields["email"].widget.attrs.update(autocomplete="email")
        self.fields["name"].widget.attrs.update(autocomplete="name")
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        # Said at once, also without JavaScript: the list shows which municipalities have a platform
        # (two groups), and the page's script names the way on for one that has none.
        covered = set(
            Platform.objects.filter(municipalities__isnull=False).values_list(
                "municipalities__code", flat=True
            )
        )
        municipalities = list(Municipality.objects.order_by("name").values_list("code", "name"))
        field = self.fields["municipality"]
        field.widget.choices = [
            ("", field.empty_label),
            (_("With a support platform"), [(c, n) for c, n in municipalities if c in covered]),
            (
                _("No support platform yet (we cannot take your request here)"),
                [(c, n) for c, n in municipalities if c not in covered],
            ),
        ]
        field.widget.attrs["data-covered"] = " ".join(sorted(covered))
        self.uncovered = None

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])

    def clean_municipality(self):
        municipality = self.cleaned_data["municipality"]
        self.platform = Platform.objects.filter(municipalities=municipality).order_by("pk").first()
        if self.platform is None:
            self.uncovered = municipality
            raise forms.ValidationError(
                _(
                    "No support platform covers %(municipality)s yet, so we cannot take your request here. "
                    "Your municipality's business office can tell you where to turn."
                )
                % {"municipality": municipality.name},
                code="uncovered",
            )
        return municipality

    def clean(self):
        data = _normalise_text(super().clean())
        reject_control_characters(self)
        return data

    @property
    def is_robot(self) -> bool:
        return bool(self.data.get("website"))


class CaseForm(StyledFormMixin, forms.ModelForm):
    """A case opened or changed by platform staff; managers get fewer fields (``manager=True``)."""

    STAFF_FIELDS = [
        "title",
        "category",
        "priority",
        "enterprise",
        "prospect",
        "due_on",
        "confidential",
        "description",
        "requester_name",
        "requester_email",
        "requester_phone",
        "requester_organisation",
    ]
    MANAGER_FIELDS = ["title", "category", "enterprise", "confidential", "description"]

    class Meta:
        model = SupportCase
        fields = [
            "title",
            "category",
            "priority",
            "enterprise",
            "prospect",
            "due_on",
            "confidential",
            "description",
            "requester_name",
            "requester_email",
            "requester_phone",
            "requester_organisation",
        ]
        widgets = {
            "due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, enterprises, prospects=None, manager=False, **kwargs):
        super().__init__(*args, **kwargs)
        keep = self.MANAGER_FIELDS if manager else self.STAFF_FIELDS
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["enterprise"].queryset = enterprises
        if manager:
            self.fields["enterprise"].required = True
            self.fields["enterprise"].empty_label = None
            self.fields["confidential"].help_text = _(
                "An HR matter: only the platform's coordinators, the assignee and your enterprise's managers see it."
            )
        else:
            self.fields["prospect"].queryset = prospects if prospects is not None else Prospect.objects.none()
        self.fields["description"].help_text = _("Do not write anything about anyone's health.")

    def clean_requester_phone(self):
        return clean_phone(self.cleaned_data.get("requester_phone", ""))

    def clean(self):
        data = _normalise_text(super().clean())
        due_on = data.get("due_on")
        opened_on = self.instance.opened_on or timezone.localdate()
        if due_on and due_on < opened_on:
            self.add_error("due_on", _("The due date cannot be before the day the case was opened."))
        return data

    def _post_clean(self):
        # The model's own clean() repeats the due date check above; skip its duplicate message.
        super()._post_clean()
        if "due_on" in self.errors and len(self.errors["due_on"]) > 1:
            self.errors["due_on"] = self.errors["due_on"][:1]


class StatusForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=CaseStatus.choices)
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("– when closing –")), *Outcome.choices],
        required=False,
        help_text=_("Required when the case is closed."),
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = case.allowed_statuses()
        self.fields["status"].choices = [(s, CaseStatus(s).label) for s in allowed] or CaseStatus.choices
        if case.status == CaseStatus.CLOSED:
            self.fields["status"].label = _("Reopen as")


class AssignForm(StyledFormMixin, forms.Form):
    assignee = forms.ModelChoiceField(
        label=_("Assignee"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Nobody"),
        error_messages={
            "invalid_choice": _("Choose a coordinator or co-opted support person of the platform.")
        },
    )

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_of(case.platform)
        self.fields["assignee"].label_from_instance = lambda u: u.full_name or u.email


class EntryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = CaseEntry
        fields = ["kind", "date", "minutes", "text", "attachment"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 4}),
            "minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].min_value = None  # our own message, not the browser's or the validator's
        self.fields["minutes"].validators = []
        self.fields["minutes"].widget.attrs.pop("min", None)
        self.fields["minutes"].required = False
        self.fields["minutes"].help_text = _("Time spent, in minutes (90 for an hour and a half).")
        limit = filesizeformat(settings.SUPPORT_ATTACHMENT_MAX_BYTES)
        self.fields["attachment"].help_text = _(
            "PDF, Word, Excel, OpenDocument, text or image; at most %(limit)s."
        ) % {"limit": limit}
        self.fields["attachment"].widget.attrs["accept"] = ",".join(ATTACHMENT_TYPES)

    def clean_minutes(self):
        return clean_minutes(self.cleaned_data.get("minutes"))

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return date

    def clean_attachment(self):
        return check_attachment(
            self.cleaned_data.get("attachment"), max_bytes=settings.SUPPORT_ATTACHMENT_MAX_BYTES
        )

    def clean(self):
        return _normalise_text(super().clean())


class TimeEntryForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = TimeEntry
        fields = ["platform", "date", "category", "minutes", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "minutes": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args, platforms, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = platforms
        self.fields["platform"].empty_label = None
        self.fields["platform"].to_field_name = "slug"
        self.fields["minutes"].validators = []
        self.fields["minutes"].widget.attrs.pop("min", None)

    def clean_minutes(self):
        minutes = clean_minutes(self.cleaned_data.get("minutes"))
        if not minutes:
            raise forms.ValidationError(_("Enter the minutes spent."), code="required")
        return minutes

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."), code="future")
        return date


class ProspectForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Prospect
        fields = ["name", "contact_name", "contact_email", "contact_phone", "municipality", "stage", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, platform, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = platform.municipalities.all()
        self.fields["notes"].help_text = _("Do not write anything about anyone's health.")

    def clean_contact_phone(self):
        return clean_phone(self.cleaned_data["contact_phone"])

    def clean(self):
        return _normalise_text(super().clean())


class StageForm(forms.Form):
    stage = forms.ChoiceField(label=_("Stage"), choices=Stage.choices)


# The enterprise filter names at most this many enterprises' ids in the query; a text that
# matches more (a letter or two) asks the database for them as a subquery instead.
ENTERPRISE_IDS = 1000

SORTS = {
    "-opened": ("-opened_on", "-pk"),
    "opened": ("opened_on", "pk"),
    "due": ("due_on", "pk"),
    "reference": ("reference", "pk"),
    # High, normal, low: an expression in the order, not an annotation, which the count would
    # carry along and which cost a copy of the whole query.
    "priority": (
        Case(When(priority="high", then=Value(0)), When(priority="normal", then=Value(1)), default=Value(2)),
        "-opened_on",
        "-pk",
    ),
}


class InboxFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All but closed")), ("all", pgettext_lazy("statuses", "All")), *CaseStatus.choices],
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=[("", _("All")), *Category.choices]
    )
    assignee = forms.ModelChoiceField(
        label=_("Assignee"), required=False, queryset=User.objects.none(), empty_label=_("Anyone")
    )
    # A text field, not a list of the enterprises: a list grows with the data (a superuser's
    # had 5 000 options and took most of the page's time). Links pass an enterprise's slug.
    enterprise = forms.CharField(
        label=_("Enterprise"),
        required=False,
        max_length=150,
        help_text=_("Part of its name, or its organisation number."),
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("-opened", _("Newest first")),
            ("opened", _("Oldest first")),
            ("due", _("Due date")),
            ("priority", _("Priority")),
            ("reference", _("Reference")),
        ],
    )

    def __init__(self, *args, assignees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignees
        self.fields["assignee"].label_from_instance = lambda u: u.full_name or u.email

    def apply(self, cases, *, concerned=None):
        """The cases (a person's scope) filtered and sorted as asked. ``concerned``: the ids of
        the enterprises the person's cases concern (a subquery), among which a typed name is
        looked for; None: among all."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status")
        if status == "all":
            pass
        elif status:
            cases = cases.filter(status=status)
        else:
            cases = cases.active()
        if data.get("category") and not data.get("enterprise"):
            cases = cases.filter(category=data["category"])
        if data.get("assignee"):
            cases = cases.filter(assignee=data["assignee"])
        if data.get("enterprise"):
            text = data["enterprise"].strip()
            # The matching enterprises first, read once (a few hundred ids), then their cases by
            # the enterprise index: as a subquery, the count and the page each tested every
            # enterprise's name again, and a join would test the name of every case's enterprise.
            enterprises = (
                Enterprise.objects.filter(Q(slug=text) | Q(org_number=text) | Q(name__icontains=text))
                .values_list("pk", flat=True)
                .order_by()
            )
            if concerned is not None and connection.vendor == "sqlite":
                # SQLite tests each name in Python (core/sqlite.py, case for all of Unicode): the
                # names of the enterprises the person's cases concern, not every one (a
                # coordinator: 170 of 5 000, 6.8 -> 2.0 ms). PostgreSQL reads the matching
                # names off their trigram index.
                enterprises = enterprises.filter(pk__in=concerned)
            ids = list(enterprises[: ENTERPRISE_IDS + 1])
            theirs = Q(enterprise_id__in=enterprises if len(ids) > ENTERPRISE_IDS else ids)
            if data.get("category"):
                # Here only: tested on the outside, it would read each open case's row.
                theirs &= Q(category=data["category"])
            if connection.vendor == "postgresql":
                # The planner, with its statistics, reads them off the index on enterprise and
                # category itself (1442 cases of 330 enterprises: 4 ms for the page and the count,
                # against 12 through a set of case ids).
                cases = cases.filter(theirs)
            else:
                # As a set of case ids, which the scope, the status and the order then test on
                # each case's index entry: with the enterprises' ids beside "status IN (open
                # ones)" in one WHERE, SQLite (without statistics) read all 80 000 open cases by
                # status (116 ms for a superuser; 6 ms so), and a coordinator's 9 000 cases' rows
                # (12 ms; 3.5 so).
                cases = cases.filter(pk__in=SupportCase.objects.filter(theirs).values("pk"))
        if data.get("overdue"):
            cases = cases.overdue()
        if data.get("q"):
            cases = cases.search(data["q"])
        return cases.order_by(*SORTS[data.get("sort") or "-opened"])
