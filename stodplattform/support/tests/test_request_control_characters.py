"""The "Få stöd" form refuses control characters next to the field, keeping what was typed."""

import pytest

from stodplattform.support.models import SupportCase
from stodplattform.support.tests.test_request import URL as REQUEST_URL
from stodplattform.support.tests.test_request import _data as request_data

MESSAGE = "Ta bort de osynliga styrtecknen"


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
