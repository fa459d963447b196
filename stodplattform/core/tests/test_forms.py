from django import forms
from django.core.exceptions import ValidationError

from stodplattform.core.forms import apply_errors


class NameForm(forms.Form):
    name = forms.CharField()


def bound():
    form = NameForm({"name": "Kafé"})
    assert form.is_valid()
    return form


def test_a_fields_message_goes_next_to_the_field():
    form = bound()
    apply_errors(form, ValidationError({"name": "Taken."}))
    assert form.errors == {"name": ["Taken."]}


def test_a_message_about_a_field_the_form_does_not_show_goes_to_the_top():
    form = bound()
    apply_errors(form, ValidationError({"budget": "Over the budget.", "name": "Taken."}))
    assert form.non_field_errors() == ["Over the budget."]
    assert form.errors["name"] == ["Taken."]


def test_a_message_about_no_field_goes_to_the_top():
    form = bound()
    apply_errors(form, ValidationError(["Closed.", "Locked."]))
    assert form.non_field_errors() == ["Closed.", "Locked."]
