"""The public cache: a second anonymous visitor gets a working page, and a change shows at once."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stodplattform.accounts.models import ApiToken
from stodplattform.core.pagecache import GENERATION_KEY, registered_models
from stodplattform.core.testing import turn_on_cache
from stodplattform.enterprises.models import Industry
from stodplattform.enterprises.testing import make_enterprise
from stodplattform.platforms.models import Municipality


@pytest.fixture(autouse=True)
def public_cache(settings):
    turn_on_cache(settings, "pages")


def _get(url, client=None, **extra):
    client = client or Client()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response, len(queries)


def _nonce(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


PUBLIC_PAGES = [
    lambda w: reverse("home"),
    lambda w: reverse("enterprises-directory"),
    lambda w: reverse("enterprises-directory") + "?q=m%C3%B6bler&municipality=2085",
    lambda w: w.enterprise_a.get_absolute_url(),
    lambda w: reverse("platforms-list"),
    lambda w: reverse("platforms-detail", args=[w.platform.slug]),
    lambda w: reverse("events-list"),
    lambda w: "/api/v1/enterprises",
    lambda w: "/api/v1/platforms",
    lambda w: "/api/v1/events",
    lambda w: reverse("account_login"),
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_second_anonymous_visitor_is_served_from_the_cache_with_one_query(world, url):
    url = url(world)
    first, _ = _get(url)
    second, queries = _get(url)
    assert first["X-Cache"] == "miss" and second["X-Cache"] == "hit"
    # One read: the generation in the shared cache. The page's own queries are not run.
    assert queries == 1
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_page_carries_the_new_visitors_nonce_and_csrf_token(world):
    url = reverse("enterprises-directory")
    first, _ = _get(url)
    visitor = Client(enforce_csrf_checks=True)
    second, _ = _get(url, visitor)
    assert second["X-Cache"] == "hit"
    html = second.content.decode()
    # The nonce in the page is the one in this response's CSP header, not the first visitor's.
    assert _nonce(second) != _nonce(first)
    assert f'nonce="{_nonce(second)}"' in html
    assert _nonce(first) not in html
    # The language switch posts with the token from the cached page and the cookie it set.
    assert "csrftoken" in second.cookies
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    assert token not in first.content.decode()
    answer = visitor.post(
        reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302
    # Without the token the same post is refused: the check is real.
    refused = Client(enforce_csrf_checks=True).post(reverse("set_language"), {"language": "en", "next": url})
    assert refused.status_code == 403


def test_languages_and_htmx_fragments_are_kept_apart(world):
    url = reverse("enterprises-directory")
    swedish, _ = _get(url)
    english, _ = _get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english["X-Cache"] == "miss"
    assert english.content != swedish.content
    assert _get(url, HTTP_ACCEPT_LANGUAGE="en")[0].content.decode().count('lang="en"') >= 1
    fragment, _ = _get(url, HTTP_HX_REQUEST="true")
    assert fragment["X-Cache"] == "miss" and b"<html" not in fragment.content
    again, _ = _get(url, HTTP_HX_REQUEST="true")
    assert again["X-Cache"] == "hit" and b"<html" not in again.content
    assert "HX-Request" in again["Vary"]
    assert b"<html" in _get(url)[0].content


def test_signed_in_people_and_token_callers_never_get_the_public_copy(world):
    url = world.enterprise_a.get_absolute_url()
    _get(url)
    assert _get(url)[0]["X-Cache"] == "hit"
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    page, _ = _get(url, coordinator)
    assert "X-Cache" not in page
    assert reverse("enterprises-edit", args=[world.enterprise_a.slug]) in page.content.decode()
    # A hidden enterprise: 404 for the public, the page for its coordinator; nothing is mixed up.
    hidden = world.hidden.get_absolute_url()
    assert Client().get(hidden).status_code == 404
    assert coordinator.get(hidden).status_code == 200
    assert Client().get(hidden).status_code == 404

    _get("/api/v1/enterprises")
    _token, secret = ApiToken.issue(user=world.coordinator, name="test")
    internal, _ = _get("/api/v1/enterprises", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert "X-Cache" not in internal
    assert "Dolda C" in internal.content.decode()


def _stale_after(world, url, change, expected):
    """``url`` is cached; after ``change()`` the next anonymous visitor sees ``expected``."""
    _get(url)
    assert _get(url)[0]["X-Cache"] == "hit"
    change()
    page, _ = _get(url)
    assert page["X-Cache"] == "miss"
    assert expected in page.content.decode()


def test_an_enterprise_change_shows_at_once(world):
    def rename():
        world.enterprise_a.name = "Återbruket Nytt namn"
        world.enterprise_a.save()

    _stale_after(world, reverse("enterprises-directory"), rename, "Återbruket Nytt namn")


def test_a_new_and_a_deleted_enterprise_show_at_once(world):
    url = reverse("platforms-detail", args=[world.platform.slug])
    _stale_after(world, url, lambda: make_enterprise(world.platform, "Nystartade E"), "Nystartade E")
    _stale_after(world, url, lambda: world.enterprise_b.delete(), "Återbruket A")
    assert "Hundcentret B" not in Client().get(url).content.decode()


def test_an_enterprise_industries_change_shows_at_once(world):
    industry = Industry.objects.exclude(enterprises=world.enterprise_a).first()
    url = world.enterprise_a.get_absolute_url()
    _stale_after(world, url, lambda: world.enterprise_a.industries.add(industry), industry.code)


def test_a_platform_change_shows_at_once(world):
    def describe():
        world.platform.description = "En helt ny beskrivning."
        world.platform.save()

    _stale_after(
        world, reverse("platforms-detail", args=[world.platform.slug]), describe, "En helt ny beskrivning."
    )

    def hide():
        world.platform.is_public = False
        world.platform.save()

    _get(reverse("enterprises-directory"))
    hide()
    assert "Återbruket A" not in Client().get(reverse("enterprises-directory")).content.decode()


def test_a_platform_municipalities_change_shows_at_once(world):
    falun = Municipality.objects.get(code="2080")
    _stale_after(
        world,
        reverse("platforms-detail", args=[world.platform.slug]),
        lambda: world.platform.municipalities.add(falun),
        falun.name,
    )


def test_a_membership_change_shows_at_once(world):
    """The platform page lists the roles people chose to show; starting or ending one shows."""
    membership = world.coordinator.memberships.get(platform=world.platform)
    membership.show_publicly = True
    membership.organisation = "Samarkand Ekonomisk Förening"
    url = reverse("platforms-detail", args=[world.platform.slug])
    _stale_after(world, url, membership.save, "Samarkand Ekonomisk Förening")

    def end():
        membership.ends_on = timezone.localdate()  # ended today: no longer shown
        membership.save()

    _get(url)
    end()
    assert "Samarkand Ekonomisk Förening" not in Client().get(url).content.decode()


def test_a_rolled_back_change_keeps_the_generation(world):
    from django.core.cache import cache
    from django.db import transaction

    _get(reverse("home"))
    before = cache.get(GENERATION_KEY)
    with pytest.raises(RuntimeError), transaction.atomic():
        world.enterprise_a.name = "Aldrig sparat"
        world.enterprise_a.save()
        raise RuntimeError
    assert cache.get(GENERATION_KEY) == before


def test_the_models_public_pages_show_are_registered():
    assert {
        "enterprises.Enterprise",
        "enterprises.Industry",
        "platforms.Platform",
        "platforms.Municipality",
        "platforms.Membership",
        "events.Event",
        "events.Registration",
    } <= registered_models()


def test_pages_with_messages_and_posts_are_not_cached(world):
    url = world.enterprise_a.get_absolute_url()
    visitor = Client()
    _get(url, visitor)
    # Signing out leaves a message ("You have signed out") for the next page of that visitor only.
    visitor.force_login(world.coordinator)
    visitor.post(reverse("logout"))
    page, _ = _get(url, visitor)
    assert "X-Cache" not in page
    assert _get(url)[0]["X-Cache"] == "hit"


def test_signing_in_works_from_a_cached_sign_in_page(world):
    from stodplattform.platforms.testing import PASSWORD

    url = reverse("account_login")
    _get(url)
    visitor = Client(enforce_csrf_checks=True)
    page, _ = _get(url, visitor)
    assert page["X-Cache"] == "hit"
    assert "no-store" in page["Cache-Control"]  # browsers still keep no copy
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    signed_in = visitor.post(
        url, {"login": world.coordinator.email, "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert signed_in.status_code == 302
    assert visitor.get(reverse("portal-start")).status_code == 200
