"""Control characters in public forms: refused next to the field, with what was typed kept."""

import pytest
from django.urls import reverse

from stodplattform.core.validators import has_control_characters
from stodplattform.events.models import Registration
from stodplattform.events.testing import make_event
from stodplattform.support.models import SupportCase
from stodplattform.support.tests.test_request import URL as REQUEST_URL
from stodplattform.support.tests.test_request import _data as request_data

MESSAGE = "Ta bort de osynliga styrtecknen"


@pytest.mark.parametrize(
    ("value", "multiline", "refused"),
    [
        ("Anna Andersson", False, False),
        ("Åsa Öberg-Ähr", False, False),
        ("Anna\x07Andersson", False, True),  # BEL
        ("Anna\x1b[31m", False, True),  # an escape sequence
        ("Anna\u0085", False, True),  # C1 next line
        ("Anna\x7f", False, True),  # DEL
        ("Anna\tAndersson", False, True),
        ("Rad ett\nRad två", False, True),
        ("Rad ett\r\nRad två\tmed tabb", True, False),
        ("Rad ett\x0bRad två", True, True),  # vertical tab
    ],
)
def test_which_characters_are_refused(value, multiline, refused):
    assert has_control_characters(value, multiline=multiline) is refused


@pytest.mark.parametrize("field", ["name", "organisation"])
def test_the_support_request_refuses_control_characters_in_a_name(client, world, field):
    response = client.post(REQUEST_URL, request_data(**{field: "Anna\x1b[2J Idé"}))
    assert response.status_code == 200
    assert MESSAGE in " ".join(response.context["form"].errors[field])
    assert "Jag vill starta ett socialt företag." in response.content.decode()
    assert not SupportCase.objects.exists()


def test_the_support_request_keeps_line_breaks_in_the_message(client, world):
    response = client.post(REQUEST_URL, request_data(message="Hej!\r\n\r\nJag vill\tstarta."))
    assert response.status_code == 302
    assert SupportCase.objects.count() == 1


def test_event_registration_refuses_control_characters_in_a_name(client, world):
    event = make_event(world.platform)
    data = {"name": "Ada\x00\x08 Exempel", "email": "ada@example.org", "consent": "on"}
    response = client.post(event.get_absolute_url(), data)
    assert response.status_code == 200
    assert "name" in response.context["form"].errors
    data["name"] = "Ada\u009b Exempel"
    response = client.post(event.get_absolute_url(), data)
    assert MESSAGE in " ".join(response.context["form"].errors["name"])
    assert not Registration.objects.exists()
    data["name"] = "Ada Exempel"
    data["note"] = "Glutenfri.\r\nRullstol."
    assert client.post(event.get_absolute_url(), data).status_code == 302
    assert Registration.objects.count() == 1


def test_the_events_feedback_comment_refuses_control_characters(world):
    from stodplattform.events.forms import FeedbackForm

    form = FeedbackForm({"rating": "5", "comment": "Bra\x1b[5m!"})
    assert not form.is_valid() and "comment" in form.errors
    assert FeedbackForm({"rating": "5", "comment": "Bra!\nTack."}).is_valid()
