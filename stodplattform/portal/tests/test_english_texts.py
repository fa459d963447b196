"""An optional English text for an enterprise's showcase and an event: shown on the English pages
when there is one, the Swedish text (marked lang="sv") when there is none; through forms and the API."""

import pytest
from django.test import Client

from stodplattform.events.testing import make_event

pytestmark = pytest.mark.django_db


def _english(client: Client, url: str) -> str:
    client.cookies["django_language"] = "en"
    return client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()


def test_the_showcase_shows_the_english_text_on_the_english_site(world):
    enterprise = world.enterprise_a
    enterprise.description_en = "Second-hand shop in Ludvika."
    enterprise.save()
    swedish = Client().get(enterprise.get_absolute_url()).content.decode()
    assert "Second hand i Ludvika." in swedish and "Second-hand shop in Ludvika." not in swedish
    english = _english(Client(), enterprise.get_absolute_url())
    assert '<div class="mb-4" lang="en"><p>Second-hand shop in Ludvika.</p></div>' in english


def test_without_an_english_text_the_swedish_one_is_marked_as_swedish(world):
    english = _english(Client(), world.enterprise_a.get_absolute_url())
    assert '<div class="mb-4" lang="sv"><p>Second hand i Ludvika.</p></div>' in english


def test_an_event_in_english(world):
    event = make_event(world.platform, description="Välkommen till **seminariet**.")
    english = _english(Client(), event.get_absolute_url())
    assert 'lang="sv"' in english and "Välkommen" in english
    event.description_en = "Welcome to the **seminar**."
    event.save()
    english = _english(Client(), event.get_absolute_url())
    assert 'lang="en"' in english and "<strong>seminar</strong>" in english
    assert "Välkommen" in Client().get(event.get_absolute_url()).content.decode()


def test_the_manager_writes_the_english_text_on_the_edit_page(world):
    client = Client()
    client.force_login(world.manager_a)
    url = f"/foretag/{world.enterprise_a.slug}/redigera/"
    page = client.get(url).content.decode()
    assert 'name="description_en"' in page and 'lang="en"' in page


def test_the_api_shows_the_english_texts(world):
    world.enterprise_a.description_en = "Second-hand shop."
    world.enterprise_a.save()
    data = Client().get(f"/api/v1/enterprises/{world.enterprise_a.slug}").json()
    assert data["description_en"] == "Second-hand shop."
    event = make_event(world.platform)
    assert Client().get(f"/api/v1/events/{event.slug}").json()["description_en"] == ""
