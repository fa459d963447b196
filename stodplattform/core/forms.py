from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import slug_re
from django.db import models
from django.utils.translation import gettext_lazy as _


def slug_in(*data, name: str) -> str | None:
    """The slug that a link or a form names under ``name`` (in the first of ``data``, a request's
    POST or GET, that has one), or None when none does or it is no slug: a NUL byte or other
    junk never reaches a look-up (PostgreSQL refuses a NUL byte in text, a server error)."""
    for values in data:
        value = values.get(name) or ""
        if value:
            return value if slug_re.fullmatch(value) else None
    return None


def formfield_assuming_https(model_field, **kwargs):
    """A model field's form field (a form's ``formfield_callback``): a link typed without a scheme
    ("snickeriet.se") gets https://, as Django 6 will do (5.2 adds http:// and warns)."""
    if isinstance(model_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return model_field.formfield(**kwargs)


def apply_errors(form, error: ValidationError) -> None:
    """Put a service's ValidationError onto the form: each field's messages next to that field,
    messages about a field the form does not show, or about no field, at the top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# Django's empty choice, which reads as a line of dashes to a sighted person and as "dash dash…"
# to a screen reader.
DJANGO_BLANK = "---------"


def _name_the_empty_choice(field) -> None:
    """ "Välj …" instead of "---------" as the empty choice of a list."""
    if isinstance(field, forms.ModelChoiceField):
        if field.empty_label == DJANGO_BLANK:
            field.empty_label = _("Choose …")
    elif isinstance(field, forms.ChoiceField):
        choices = list(field.choices)
        if any(value == "" and label == DJANGO_BLANK for value, label in choices):
            field.choices = [
                (value, _("Choose …") if value == "" and label == DJANGO_BLANK else label)
                for value, label in choices
            ]


class StyledFormMixin:
    """Bootstrap classes and ARIA state on every widget; errors are tied to their field."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            _name_the_empty_choice(field)
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput,)):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                describedby = f"{self.auto_id % name}_error" if self.auto_id else ""
                if describedby:
                    widget.attrs["aria-describedby"] = " ".join(
                        filter(
                            None,
                            [
                                describedby,
                                f"{self.auto_id % name}_helptext" if self.fields[name].help_text else "",
                            ],
                        )
                    )


class PeopleCountField(forms.IntegerField):
    """A count of people: a whole number from 0 up, typed into a plain text box (so that what
    was typed reaches the server and gets a message, where a number box would send nothing).

    Spaces (a thousands separator) and a typographic minus are read as typed. ``blank_is_zero``:
    an empty box counts as none and is not required (the key figures, where most rows are 0).
    """

    widget = forms.TextInput

    def __init__(self, *, blank_is_zero: bool = False, **kwargs):
        self.blank_is_zero = blank_is_zero
        if blank_is_zero:
            kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", 100000)
        messages = {
            "invalid": _("Enter a whole number."),
            "min_value": _("A count cannot be negative."),
        }
        if kwargs.get("required", True):
            messages["required"] = _("Enter a number, 0 if none.")
        kwargs["error_messages"] = {**messages, **kwargs.get("error_messages", {})}
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        return {"inputmode": "numeric", "autocomplete": "off", "size": 6}

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(" ", "").replace("\u00a0", "").replace("\u2212", "-")
        value = super().to_python(value)
        return 0 if value is None and self.blank_is_zero else value
