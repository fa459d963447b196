"""The key figures' forms: amounts as people write them in Sweden, counts in rows of women, men and other."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils import formats
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from stodplattform.core.forms import PeopleCountField, StyledFormMixin
from stodplattform.core.validators import reject_control_characters
from stodplattform.lib.numbers import parse_number

from .models import GENDERS, MONEY_FIELDS, KeyFigures
from .services import FIGURE_FIELDS, check_year


class SwedishDecimalField(forms.DecimalField):
    """A decimal that understands "1 250 000,50", "1250000.50" and "12 500 kr"."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", _("Enter a number, e.g. 1 250 000,50."))
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        # A text box, not type=number: the browser would refuse spaces and a decimal comma.
        return {"inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value):
        if value in self.empty_values or (isinstance(value, str) and not value.strip()):
            return None
        try:
            return parse_number(value)
        except ValueError:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def prepare_value(self, value):
        """Shown as it would be typed in the language of the page: 1 250 000,50 or 1250000.50."""
        if value in (None, "") or isinstance(value, str):
            return value
        text = formats.number_format(value, decimal_pos=self.decimal_places, use_l10n=True)
        return text.replace("\u00a0", " ")


# The rows of person counts: (name, label, definition).
COUNT_ROWS = {
    "employees": (
        _("Employees at year end"),
        _(
            "Employed by the enterprise on 31 December, whatever their working hours (SCB: anställda). "
            "Count each person once."
        ),
    ),
    "supported_employees": (
        _("of whom with wage subsidy or other employment support"),
        _(
            "Of the employees, those whose employment has a wage subsidy or another employment support "
            "(lönebidrag, introduktionsjobb, trygghetsanställning and the like)."
        ),
    ),
    "occupied": (
        _("Occupied but not employed"),
        _(
            "Working in the enterprise on 31 December without employment: work training, placements and "
            "daily activity. SCB counts them as occupied (sysselsatta), not as employed."
        ),
    ),
    "target_group": (
        _("Of all occupied, from the target group"),
        _(
            "Of employees and occupied together, those far from the labour market: people with a "
            "disability or with difficulty entering the labour market. At least 30 % lets public buyers "
            "reserve a contract for the enterprise (LOU 4 kap. 18 §)."
        ),
    ),
    "supervisors": (
        _("Supervisors"),
        _("Staff whose work includes supervising people in work training or employment (handledare)."),
    ),
    "supervisors_trained": (
        _("of whom trained during the year"),
        _("Of the supervisors, those who took a supervisor training during the year."),
    ),
    "ended_work": (
        _("Ended: to work"),
        _("Ended during the year and went on to a job or a business of their own (förvärvsarbete)."),
    ),
    "ended_studies": (
        _("Ended: to studies"),
        _("Ended during the year and went on to studies."),
    ),
    "ended_seeking": (
        _("Ended: actively job-seeking"),
        _("Ended during the year and are looking for work, e.g. registered with Arbetsförmedlingen."),
    ),
    "ended_other": (
        _("Ended: other"),
        _("Ended during the year for another reason, or the next step is not known."),
    ),
}

SECTIONS = (
    (
        "economy",
        _("Finances"),
        _(
            "Amounts in kronor for the calendar year, as in the annual accounts. Leave empty what you do not know."
        ),
        (
            "net_turnover",
            "sales_goods_services",
            "sales_public_buyers",
            "grants",
            "result_after_financial_items",
            "wage_bill",
        ),
        (),
    ),
    (
        "employees",
        _("Employees"),
        _("Counts of people only: never names, personal identity numbers or health data."),
        ("employees_fte",),
        ("employees", "supported_employees"),
    ),
    (
        "occupied",
        _("Occupied and the target group"),
        "",
        (),
        ("occupied", "target_group"),
    ),
    ("supervisors", _("Supervisors"), "", (), ("supervisors", "supervisors_trained")),
    (
        "ended",
        _("People who ended during the year"),
        _("Employees and occupied who left the enterprise during the year, by what they went on to."),
        (),
        ("ended_work", "ended_studies", "ended_seeking", "ended_other"),
    ),
)

GENDER_LABELS = {"women": _("Women"), "men": _("Men"), "other": _("Other or not stated")}


@dataclass
class CountRow:
    name: str
    label: str
    help_text: str
    fields: list  # BoundFields, women, men, other
    previous: list  # last year's values, or None
    previous_total: int | None

    @property
    def cells(self):
        """(gender label, field, last year's value) for women, men and other."""
        previous = self.previous or [None] * len(GENDERS)
        return [(GENDER_LABELS[g], f, p) for g, f, p in zip(GENDERS, self.fields, previous, strict=True)]

    @property
    def total(self):
        total = 0
        for bound in self.fields:
            value = bound.value()
            try:
                total += int(str(value).strip() or 0)
            except (TypeError, ValueError):
                return None
        return total


@dataclass
class Section:
    key: str
    title: str
    intro: str
    amounts: list  # (BoundField, last year's value)
    rows: list  # CountRow


class KeyFiguresForm(StyledFormMixin, forms.Form):
    """Every figure of one year. The parts-and-wholes rules are the model's (``KeyFigures.clean``),
    put onto the fields by the view from the service's ValidationError."""

    def __init__(self, *args, previous: KeyFigures | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous = previous
        for name in FIGURE_FIELDS:
            model_field = KeyFigures._meta.get_field(name)
            if name in MONEY_FIELDS or name == "employees_fte":
                self.fields[name] = SwedishDecimalField(
                    required=False,
                    max_digits=model_field.max_digits,
                    decimal_places=model_field.decimal_places,
                    min_value=None if name == "result_after_financial_items" else 0,
                    label=str(model_field.verbose_name).capitalize(),
                    help_text=model_field.help_text,
                    error_messages={"min_value": _("An amount cannot be negative here.")},
                )
            else:
                self.fields[name] = PeopleCountField(
                    blank_is_zero=True, label=str(model_field.verbose_name).capitalize()
                )

    def clean(self):
        """The model's rules (parts no larger than their wholes) on what could be read, so that every
        error shows at once; the service checks them again before saving."""
        data = super().clean()
        probe = KeyFigures(**{name: value for name, value in data.items() if name in FIGURE_FIELDS})
        try:
            probe.clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                if name not in self.errors:
                    self.add_error(name if name in self.fields else None, messages)
        return data

    def sections(self) -> list[Section]:
        previous = self.previous
        result = []
        for key, title, intro, amounts, rows in SECTIONS:
            result.append(
                Section(
                    key,
                    title,
                    intro,
                    [(self[name], getattr(previous, name) if previous else None) for name in amounts],
                    [
                        CountRow(
                            name,
                            COUNT_ROWS[name][0],
                            COUNT_ROWS[name][1],
                            [self[f"{name}_{gender}"] for gender in GENDERS],
                            [getattr(previous, f"{name}_{gender}") for gender in GENDERS]
                            if previous
                            else None,
                            previous.total(name) if previous else None,
                        )
                        for name in rows
                    ],
                )
            )
        return result

    @staticmethod
    def initial_from(figures: KeyFigures | None) -> dict:
        if figures is None:
            return {}
        return {name: getattr(figures, name) for name in FIGURE_FIELDS}


class YearForm(StyledFormMixin, forms.Form):
    """Which year to enter figures for, on the enterprise's page."""

    year = forms.IntegerField(
        label=_("Year"),
        error_messages={"invalid": _("Enter a year, e.g. 2025."), "required": _("Enter a year, e.g. 2025.")},
    )

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.enterprise = enterprise
        self.fields["year"].widget = forms.TextInput(
            attrs={"inputmode": "numeric", "size": 6, "class": "form-control"}
        )

    def clean_year(self):
        year = self.cleaned_data["year"]
        try:
            check_year(self.enterprise, year)
        except ValidationError as error:
            raise ValidationError(error.message_dict["year"]) from None
        return year


class ReopenForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why is the year reopened?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the history with the changes that follow."),
        error_messages={"required": _("Say why the year is reopened.")},
    )

    def clean(self):
        cleaned = super().clean()
        reject_control_characters(self)
        return cleaned


class DueDateForm(StyledFormMixin, forms.Form):
    """The day of the year after when a year's figures are due."""

    day = forms.TypedChoiceField(
        label=_("Day"), coerce=int, choices=[(d, str(d)) for d in range(1, 32)], initial=31
    )
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, choices=sorted(MONTHS.items()), initial=3)
