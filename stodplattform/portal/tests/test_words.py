"""The words of the site, one by one: what a Swedish reader sees after an application, in the
change history, in an empty list choice and in a date."""

import datetime

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from stodplattform.core.audit import describe, history_for
from stodplattform.core.forms import StyledFormMixin
from stodplattform.interventions.models import Intervention
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.platforms.models import Platform

APPLICATION = {
    "title": "Ekonomiutbildning",
    "purpose": "Bättre ordning",
    "expected_effect": "Färre fel",
    "category": "competence",
    "year": "2026",
    "requested_amount": "12 500,50",
    "supplier": "Byrån",
    "starts_on": "2026-03-01",
    "ends_on": "2026-04-30",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("button", "message"),
    [("submit", "Ansökan skickades till samordnaren."), ("save", "Ansökan sparades som utkast.")],
)
def test_an_application_says_it_was_sent(client, world, button, message):
    make_budget(world.platform, total="50000")
    client.force_login(world.manager_a)
    data = {**APPLICATION, "enterprises": [world.enterprise_a.pk], button: "1"}
    response = client.post(reverse("interventions-create"), data, follow=True)
    assert message in response.content.decode()
    assert "Insatsen sparades" not in response.content.decode()


@pytest.mark.django_db
def test_the_history_shows_amounts_the_swedish_way(world):
    make_budget(world.platform, total="100000")
    intervention = make_intervention(world, state="approved", requested="30000.00", approved="25000.00")
    with translation.override("sv"):
        rendered = [change for entry in history_for(intervention) for change in describe(entry)]
        approved = str(Intervention._meta.get_field("approved_amount").verbose_name)
    # Picked by the field's label: by "25" in the text, the test also caught the times of the
    # history's entries at 21:25 (or on the 25th).
    amounts = [c["after"] for c in rendered if c.get("label") == approved and c.get("after")]
    assert amounts == ["25\u00a0000,00\u00a0kr"], rendered


class _Form(StyledFormMixin, forms.Form):
    platform = forms.ModelChoiceField(queryset=Platform.objects.none(), required=False)
    kind = forms.ChoiceField(choices=[("", "---------"), ("a", "A")], required=False)


def test_no_line_of_dashes_as_the_empty_choice():
    with translation.override("sv"):
        html = str(_Form())
    assert "---------" not in html
    assert html.count("Välj …") == 2


def test_months_in_swedish_are_lower_case():
    with translation.override("sv"):
        assert date_format(datetime.date(2026, 10, 4), "j N Y") == "4 okt 2026"
