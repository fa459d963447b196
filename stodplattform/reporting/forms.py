"""The period of a dashboard or report: a year, a half-year, or any date range."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import PeopleCountField, StyledFormMixin
from stodplattform.core.validators import reject_control_characters

from .figures import Period
from .models import TEXT_LINE_CHARS, TEXT_MAX_LENGTH, TEXT_MAX_LINES, FunderReport, printed_lines
from .services import FIELDS

FIRST_YEAR = 2000


class PeriodForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=FIRST_YEAR, max_value=2100, required=False)
    half = forms.TypedChoiceField(
        label=_("Part of the year"),
        choices=[("", _("Whole year")), ("1", _("First half-year")), ("2", _("Second half-year"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start or end:
            if not (start and end):
                raise ValidationError(_("Give both the first and the last day, or neither."))
            try:
                data["period"] = Period(start, end)
            except ValidationError as error:
                self.add_error("end", error)
            return data
        year = data.get("year") or timezone.localdate().year
        data["year"] = year
        data["period"] = Period.half_year(year, data["half"]) if data.get("half") else Period.year(year)
        return data


def period_from(request) -> tuple[PeriodForm, Period | None]:
    """The form bound to the query string, and its period (None when the form has errors)."""
    form = PeriodForm(request.GET or None)
    if not request.GET:
        form = PeriodForm({"year": timezone.localdate().year})
    if form.is_valid():
        return form, form.cleaned_data["period"]
    return form, None


class FunderReportForm(StyledFormMixin, forms.ModelForm):
    people_planned_women = PeopleCountField(label=_("Women"), required=False)
    people_planned_men = PeopleCountField(label=_("Men"), required=False)
    people_planned_other = PeopleCountField(label=_("Other/not stated"), required=False)

    # The three planned counts are shown as one group (includes/count_group.html).
    group_names = ("people_planned_women", "people_planned_men", "people_planned_other")
    group_legend = _("People planned to be reached")
    group_help = _(
        "As planned in the application to the funder, by gender: those whose gender is other or "
        "not known under other/not stated. Leave empty what was not planned."
    )

    class Meta:
        model = FunderReport
        fields = list(FIELDS)  # what the service saves
        localized_fields = ["staff_hours", "staff_cost", "other_costs"]
        widgets = {"text": forms.Textarea(attrs={"rows": 14})}
        error_messages = {
            "text": {
                "max_length": _(
                    "The text has %(show_value)d characters: at most %(limit_value)d fit on two pages of the "
                    "report. Shorten it; what you wrote is kept here."
                )
            }
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        text = self.fields["text"]
        # No maxlength in the page: a browser would cut a pasted text short without a word. The
        # server tells how much too long it is, and keeps what was typed.
        text.widget.attrs.pop("maxlength", None)
        text.help_text = " ".join(
            [
                str(text.help_text),
                _(
                    "At most %(chars)s characters and %(lines)d lines as printed (a line holds about "
                    "%(per_line)d characters; every new line, and every empty line, starts a line of its own)."
                )
                % {
                    "chars": number_format(TEXT_MAX_LENGTH, force_grouping=True),
                    "lines": TEXT_MAX_LINES,
                    "per_line": TEXT_LINE_CHARS,
                },
            ]
        )

    def clean_text(self):
        text = self.cleaned_data.get("text") or ""
        lines = printed_lines(text)
        if lines > TEXT_MAX_LINES:
            raise ValidationError(
                _(
                    "The text would take about %(lines)d lines in the report: two pages hold %(max)d. "
                    "Shorten it, or use fewer line breaks and empty lines; what you wrote is kept here."
                ),
                code="two_pages",
                params={"lines": lines, "max": TEXT_MAX_LINES},
            )
        return text

    def group_fields(self):
        return [self[name] for name in self.group_names]

    def clean(self):
        data = super().clean()
        reject_control_characters(self)
        return data
