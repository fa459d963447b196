"""Event registration and feedback refuse control characters next to the field."""

from stodplattform.events.models import Registration
from stodplattform.events.testing import make_event

MESSAGE = "Ta bort de osynliga styrtecknen"


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
