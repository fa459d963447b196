"""Forms of the sustainability check: a year, and a score 1–5 and a comment for each of the ten areas."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import StyledFormMixin
from stodplattform.core.validators import reject_control_characters

from .models import Area

# What to weigh in each area: a prompt for the person scoring, not a standard's wording.
AREA_HELP = {
    "purpose": _(
        "Is it clear why the enterprise exists and whom it integrates into work, and do its plans follow that?"
    ),
    "finances": _(
        "Does the enterprise earn enough to pay its way, with a buffer, and does it keep its books in order?"
    ),
    "organisation": _("Is it independent of the public sector, with a working board and clear roles?"),
    "staff": _("Has it the staff and supervisors it needs, and do they learn what the work asks of them?"),
    "participation": _(
        "Do those who work in the enterprise take part in its decisions and share the responsibility?"
    ),
    "environment": _("Does it take care of resources, waste and transport, and follow up what it does?"),
    "social": _(
        "Does it act responsibly towards the people it integrates, its customers and the local community?"
    ),
    "management": _("Are there routines, goals and follow-up that someone is responsible for?"),
    "work_environment": _("Is the work environment safe and good, with the adjustments people need?"),
    "market": _(
        "Does it sell to many customers, or depend on a few public buyers of work training and placements?"
    ),
}

SCORE_CHOICES = [
    (1, _("1 – weak")),
    (2, "2"),
    (3, "3"),
    (4, "4"),
    (5, _("5 – strong")),
]


class CheckForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, editing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["year"].disabled = True
        else:
            self.fields["year"].initial = timezone.localdate().year
        for area, label in Area.choices:
            self.fields[f"score_{area}"] = forms.TypedChoiceField(
                label=label,
                choices=SCORE_CHOICES,
                coerce=int,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                help_text=AREA_HELP[area],
                error_messages={"required": _("Give a score from 1 to 5.")},
            )
            self.fields[f"comment_{area}"] = forms.CharField(
                label=_("Comment"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
            )

    def areas(self):
        """(area label, score field, comment field) for the template."""
        return [(label, self[f"score_{area}"], self[f"comment_{area}"]) for area, label in Area.choices]

    def clean(self):
        data = super().clean()
        reject_control_characters(self)
        return data

    def scores(self) -> dict:
        data = self.cleaned_data
        return {area: (data[f"score_{area}"], data.get(f"comment_{area}", "")) for area, _l in Area.choices}


def initial_from(check) -> dict:
    initial = {"year": check.year}
    for score in check.scores.all():
        initial[f"score_{score.area}"] = score.score
        initial[f"comment_{score.area}"] = score.comment
    return initial


class ReturnForm(StyledFormMixin, forms.Form):
    note = forms.CharField(
        label=_("What should be changed?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The manager sees the note with the check."),
    )

    def clean(self):
        data = super().clean()
        reject_control_characters(self)
        return data
