"""Public pages that used to end in a dead end: each now offers the next step."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_want_to_buy_on_the_home_page_has_a_search_box_to_the_directory(client, world):
    html = client.get(reverse("home")).content.decode()
    buy = html[html.index('id="offer-buy"') :]
    assert f'action="{reverse("enterprises-directory")}"' in buy[:1500]
    assert 'name="q"' in buy[:1500]
    # The search box leads to the directory's results.
    assert "Hunddagis" in client.get(reverse("enterprises-directory"), {"q": "Hunddagis"}).content.decode()


def test_a_search_without_hits_suggests_asking_the_platform(client, world):
    html = client.get(reverse("enterprises-directory"), {"q": "hundpensionatxyz"}).content.decode()
    assert 'id="ask-the-platform"' in html
    assert f'href="{reverse("support-request")}"' in html


def test_have_an_idea_shows_the_phone_where_it_says_call(client, world):
    world.platform.contact_phone = "070-174 06 10"
    world.platform.save()
    html = client.get(reverse("portal-idea"), {"kommun": "2085"}).content.decode()
    answer = html[html.index('id="idea-answer"') :]
    assert "ring" in answer
    assert 'href="tel:0701740610"' in answer and "070-174 06 10" in answer


def test_have_an_idea_without_a_phone_does_not_say_call(client, world):
    html = client.get(reverse("portal-idea"), {"kommun": "2085"}).content.decode()
    answer = html[html.index('id="idea-answer"') : html.index("</section>", html.index('id="idea-answer"'))]
    assert "Skriv och berätta" in answer
    assert "ring" not in answer and "tel:" not in answer
