import pytest
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


@pytest.mark.parametrize(
    ("typed", "blank_is_zero", "value", "error"),
    [
        ("1 200", False, 1200, None),
        ("1\u00a0200", False, 1200, None),
        (" 7 ", True, 7, None),
        ("", True, 0, None),
        ("", False, None, "Enter a number, 0 if none."),
        ("\u22123", False, None, "A count cannot be negative."),
        ("två", False, None, "Enter a whole number."),
        ("100001", False, None, None),  # above the cap: Django's own message
    ],
)
def test_a_count_of_people_reads_what_people_type(typed, blank_is_zero, value, error):
    from django.utils import translation

    from stodplattform.core.forms import PeopleCountField

    class Form(forms.Form):
        n = PeopleCountField(blank_is_zero=blank_is_zero)

    with translation.override("en"):
        form = Form({"n": typed})
        if value is not None:
            assert form.is_valid(), form.errors
            assert form.cleaned_data["n"] == value
        else:
            assert not form.is_valid()
            if error:
                assert form.errors["n"] == [error]


def test_slug_in_gives_a_slug_or_none_and_reads_the_first_that_names_one():
    from django.http import QueryDict

    from stodplattform.core.forms import slug_in

    get, post = QueryDict("platform=plattform-a"), QueryDict("platform=plattform-b")
    assert slug_in(get, name="platform") == "plattform-a"
    assert slug_in(post, get, name="platform") == "plattform-b"
    assert slug_in(QueryDict(""), get, name="platform") == "plattform-a"
    assert slug_in(QueryDict(""), name="platform") is None
    for junk in ("a%00b", "a%20b", "..%2F", "k%C3%A5l"):
        assert slug_in(QueryDict(f"platform={junk}"), get, name="platform") is None
