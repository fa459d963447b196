"""One clear primary action per page, the others grouped under "More actions" (the meeting page)."""

import re

import pytest
from django.test import Client

from stodplattform.meetings.testing import make_meeting

pytestmark = pytest.mark.django_db


def _primary(html: str) -> list[str]:
    main = html[html.index("<main") : html.index("</main>")]
    return re.findall(r'class="btn btn-primary[^"]*"[^>]*>([^<]+)<', main)


@pytest.mark.parametrize(
    ("persona", "days", "primary"),
    [
        ("coordinator", 10, "Skicka kallelsen"),  # before: invite
        ("coordinator", -3, "Skriv protokollet"),  # after: the minutes
        ("manager_a", 10, "Lägg till i kalendern (.ics)"),  # a guest: the calendar
    ],
)
def test_the_meeting_page_has_one_primary_action(world, persona, days, primary):
    meeting = make_meeting(world.platform, days=days, secretary=world.coordinator, checker=world.steering)
    client = Client()
    client.force_login(getattr(world, persona))
    html = client.get(meeting.get_absolute_url()).content.decode()
    found = _primary(html)
    assert len(found) == 1 and primary in found[0], found
    # The rest are one click away, each once.
    menu = html[html.index('<details class="more-actions">') : html.index("</details>")]
    assert "Fler åtgärder" in menu
    for url in (f"/moten/{meeting.pk}/mote.ics", f"/moten/{meeting.pk}/protokoll.pdf"):
        assert html[: html.index("</details>")].count(f'href="{url}"') == 1
