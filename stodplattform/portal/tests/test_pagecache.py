"""The public cache: a second anonymous visitor gets the same page, and a change shows at once."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.accounts.models import ApiToken
from stodplattform.core.pagecache import GENERATION_KEY, cache_public, generation, registered_models
from stodplattform.core.testing import turn_on_cache
from stodplattform.enterprises.models import Industry
from stodplattform.enterprises.testing import make_enterprise
from stodplattform.financing.testing import make_call, make_figures, make_label
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


def _hit(response) -> bool:
    return response.get("X-Cache") == "hit"


PUBLIC_PAGES = [
    lambda w: reverse("home"),
    lambda w: reverse("enterprises-directory"),
    lambda w: reverse("enterprises-directory") + "?q=m%C3%B6bler&municipality=2085",
    lambda w: reverse("platforms-list"),
    lambda w: reverse("events-list"),
    lambda w: reverse("events-archive"),
    lambda w: reverse("portal-idea"),
    lambda w: reverse("portal-accessibility"),
    lambda w: reverse("portal-privacy"),
    lambda w: "/api/v1/enterprises",
    lambda w: f"/api/v1/enterprises/{w.enterprise_a.slug}",
    lambda w: "/api/v1/platforms",
    lambda w: f"/api/v1/platforms/{w.platform.slug}",
    lambda w: "/api/v1/events",
    lambda w: reverse("financing-catalogue"),
    lambda w: reverse("financing-call", args=[make_call(w.platform).pk]),
    # The platform's buyer page has its colour (a nonce): not cached; the region's is.
    lambda w: reverse("financing-buyers-region", args=[w.enterprise_a.municipality.region.code]),
    lambda w: (
        reverse("financing-buyers-region", args=[w.enterprise_a.municipality.region.code])
        + "?erbjuder=arbetstraning"
    ),
    lambda w: "/api/v1/financing/calls",
    lambda w: f"/api/v1/financing/calls/{make_call(w.platform).pk}",
    lambda w: f"/api/v1/financing/buyers/{w.platform.slug}",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_second_anonymous_visitor_is_served_from_the_cache_with_one_query(world, url):
    url = url(world)
    first, _ = _get(url)
    second, queries = _get(url)
    assert not _hit(first) and _hit(second)
    # One read: the generation in the shared cache. The page's own queries are not run.
    assert queries == 1
    assert second["Content-Type"] == first["Content-Type"]
    assert second.content == first.content
    # Browsers and proxies ask again each time: only the server's cache knows when it is stale.
    assert "no-cache" in second["Cache-Control"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_a_cached_page_carries_nothing_of_one_visitor(world, url):
    """No CSRF token and no CSP nonce: the body is the same for every visitor."""
    first, _ = _get(url(world))
    assert b"csrfmiddlewaretoken" not in first.content
    assert b"nonce" not in first.content
    assert "nonce" not in first.get("Content-Security-Policy", "")
    assert "csrftoken" not in first.cookies


def test_the_language_switch_of_a_cached_page_needs_no_token_from_a_visitor(world):
    url = reverse("enterprises-directory")
    _get(url)
    visitor = Client(enforce_csrf_checks=True)
    page, _ = _get(url, visitor)
    assert _hit(page)
    answer = visitor.post(reverse("set_language"), {"language": "en", "next": url})
    assert answer.status_code == 302 and answer["Location"] == url
    english, _ = _get(url, visitor)
    assert 'lang="en"' in english.content.decode()


def test_a_signed_in_persons_language_switch_still_needs_the_token(world):
    """It saves the person's preference: a post from another site is refused."""
    person = Client(enforce_csrf_checks=True)
    person.force_login(world.manager_a)
    refused = person.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert refused.status_code == 403
    world.manager_a.refresh_from_db()
    assert world.manager_a.language != "en"
    page = person.get(reverse("portal-start")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    answer = person.post(
        reverse("set_language"), {"language": "en", "next": "/", "csrfmiddlewaretoken": token}
    )
    assert answer.status_code == 302
    world.manager_a.refresh_from_db()
    assert world.manager_a.language == "en"


def _request(path="/sida/"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


@pytest.mark.parametrize(
    "body",
    [
        '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="abc"></form>',
        '<script nonce="abc">go()</script>',
    ],
)
def test_a_page_with_a_token_or_a_nonce_is_never_kept(db, body):
    calls = []

    @cache_public
    def view(request):
        calls.append(request)
        return HttpResponse(body)

    first, second = view(_request()), view(_request())
    assert len(calls) == 2 and not _hit(second)
    assert "private" in first["Cache-Control"]


def test_a_plain_page_is_kept_once(db):
    calls = []

    @cache_public
    def view(request):
        calls.append(request)
        return HttpResponse("<p>Samma för alla</p>")

    view(_request())
    assert _hit(view(_request())) and len(calls) == 1


def test_the_sign_in_page_is_never_cached(world):
    url = reverse("account_login")
    _get(url)
    page, queries = _get(url)
    assert not _hit(page)
    assert "no-store" in page["Cache-Control"]
    assert "csrfmiddlewaretoken" in page.content.decode()  # each visitor's own


def test_languages_and_htmx_fragments_are_kept_apart(world):
    url = reverse("enterprises-directory")
    swedish, _ = _get(url)
    english, _ = _get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert not _hit(english)
    assert english.content != swedish.content
    assert _get(url, HTTP_ACCEPT_LANGUAGE="en")[0].content.decode().count('lang="en"') >= 1
    fragment, _ = _get(url, HTTP_HX_REQUEST="true")
    assert not _hit(fragment) and b"<html" not in fragment.content
    again, _ = _get(url, HTTP_HX_REQUEST="true")
    assert _hit(again) and b"<html" not in again.content
    assert "HX-Request" in again["Vary"]
    assert b"<html" in _get(url)[0].content


def test_signed_in_people_and_token_callers_never_get_the_public_copy(world):
    url = reverse("home")
    _get(url)
    assert _hit(_get(url)[0])
    coordinator = Client()
    coordinator.force_login(world.coordinator)
    page, _ = _get(url, coordinator)
    assert not _hit(page)
    assert reverse("portal-start") in page.content.decode()  # "My page" in the menu

    _get("/api/v1/enterprises")
    _token, secret = ApiToken.issue(user=world.coordinator, name="test")
    internal, _ = _get("/api/v1/enterprises", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert not _hit(internal)
    assert "Dolda C" in internal.content.decode()


def _stale_after(world, url, change, expected):
    """``url`` is cached; after ``change()`` the next anonymous visitor sees ``expected``."""
    _get(url)
    assert _hit(_get(url)[0])
    change()
    page, _ = _get(url)
    assert not _hit(page)
    assert expected in page.content.decode()


def test_an_enterprise_change_shows_at_once(world):
    def rename():
        world.enterprise_a.name = "Återbruket Nytt namn"
        world.enterprise_a.save()

    _stale_after(world, reverse("enterprises-directory"), rename, "Återbruket Nytt namn")


def test_a_new_and_a_deleted_enterprise_show_at_once(world):
    url = reverse("enterprises-directory")
    _stale_after(world, url, lambda: make_enterprise(world.platform, "Nystartade E"), "Nystartade E")
    _stale_after(world, url, lambda: world.enterprise_b.delete(), "Återbruket A")
    assert "Hundcentret B" not in Client().get(url).content.decode()


def test_an_enterprise_industries_change_shows_at_once(world):
    industry = Industry.objects.exclude(enterprises=world.enterprise_a).first()
    url = f"/api/v1/enterprises/{world.enterprise_a.slug}"
    _stale_after(world, url, lambda: world.enterprise_a.industries.add(industry), industry.code)


def test_a_platform_change_shows_at_once(world):
    def describe():
        world.platform.description = "En helt ny beskrivning."
        world.platform.save()

    _stale_after(world, f"/api/v1/platforms/{world.platform.slug}", describe, "En helt ny beskrivning.")

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
        reverse("platforms-list"),
        lambda: world.platform.municipalities.add(falun),
        falun.name,
    )


def test_a_funding_call_change_shows_at_once(world):
    call = make_call(world.platform, title="Gammal rubrik")

    def rename():
        call.title = "Ny rubrik på utlysningen"
        call.save()

    for url in (reverse("financing-catalogue"), reverse("financing-call", args=[call.pk])):
        _stale_after(world, url, rename, "Ny rubrik på utlysningen")
        call.title = "Gammal rubrik"
        call.save()
    _stale_after(world, "/api/v1/financing/calls", lambda: make_call(world.platform, "Helt ny"), "Helt ny")
    _stale_after(world, "/api/v1/financing/calls", lambda: call.delete(), "Helt ny")
    assert "Gammal rubrik" not in Client().get("/api/v1/financing/calls").content.decode()


def test_a_funding_calls_municipalities_change_shows_at_once(world):
    call = make_call(world.platform)
    falun = Municipality.objects.get(code="2080")
    url = reverse("financing-call", args=[call.pk])
    _stale_after(world, url, lambda: call.municipalities.add(falun), falun.name)


def test_a_quality_label_and_key_figures_show_at_once_on_the_buyer_pages(world):
    url = f"/api/v1/financing/buyers/{world.platform.slug}"
    _stale_after(
        world,
        url,
        lambda: make_label(world.enterprise_a, name="Kvalitetsmarket X", kind="other"),
        "Kvalitetsmarket X",
    )
    _stale_after(
        world,
        reverse("financing-buyers-region", args=[world.enterprise_b.municipality.region.code]),
        lambda: make_label(world.enterprise_b, name="Märket Y", kind="other"),
        "Märket Y",
    )
    before = generation()
    make_figures(world.enterprise_a, occupied=10, target_group=4)
    assert generation() != before


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
        "financing.FundingCall",
        "financing.QualityLabel",
        "financing.ReservedEvidence",
        "followup.KeyFigures",
    } <= registered_models()


def test_pages_with_messages_are_not_cached(world):
    url = reverse("enterprises-directory")
    visitor = Client()
    _get(url, visitor)
    # Signing out leaves a message ("You have signed out") for the next page of that visitor only.
    visitor.force_login(world.coordinator)
    visitor.post(reverse("logout"))
    page, _ = _get(url, visitor)
    assert not _hit(page)
    assert _hit(_get(url)[0])


def test_bulk_writes_of_the_services_make_public_pages_stale(world, settings):
    """update() and bulk inserts send no signal: the services that use them set a new generation."""
    from stodplattform.enterprises import search
    from stodplattform.events.services import purge_personal_data, submit_feedback
    from stodplattform.events.testing import make_event, make_registration

    old = make_event(world.platform, "Gammalt", days=-100)
    registration = make_registration(old, "Ada Alm", checked_in_at=old.starts_at)
    for write in [
        lambda: submit_feedback(registration, rating=4),
        lambda: purge_personal_data(days=90),
        lambda: search.rebuild(),
    ]:
        before = generation()
        write()
        assert generation() != before
