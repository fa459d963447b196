"""Checks on what anyone may type into a public form."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# C0 control characters, DEL and C1: invisible, they garble names in lists, exports and e-mail
# headers. Text areas keep tab and line breaks; one-line fields keep none of them.
LINE_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

CONTROL_MESSAGE = _("Remove the invisible control characters from the text.")


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    return bool((TEXT_CONTROL if multiline else LINE_CONTROL).search(value))


def reject_control_characters(form: forms.Form) -> None:
    """An error next to every text field of a cleaned ``form`` that holds a control character
    (a tab or a line break is allowed in a text area). Call it from the form's ``clean()``."""
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if isinstance(value, str) and has_control_characters(
            value, multiline=isinstance(field.widget, forms.Textarea)
        ):
            form.add_error(name, forms.ValidationError(CONTROL_MESSAGE, code="control_characters"))
