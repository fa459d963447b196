"""Signed-in pages from each person's own cache: kept until anything is written, never shared."""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from stodplattform.accounts.middleware import RENEWED_KEY
from stodplattform.core.pagecache import (
    PRIVATE_GENERATION_KEY,
    UNKEYED_SESSION_KEYS,
    _is_tracked_write,
)
from stodplattform.core.testing import turn_on_cache
from stodplattform.enterprises.models import Enterprise


@pytest.fixture(autouse=True)
def private_cache(settings):
    turn_on_cache(settings, "private_pages")


def _signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def _get(client, url, **extra):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def _nonce(response):
    return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)


def _pages(world):
    return [
        reverse("portal-start"),
        reverse("platforms-members", args=[world.platform.slug]),
        reverse("enterprises-edit", args=[world.enterprise_a.slug]),
        "/api/v1/enterprises",
    ]


def test_the_same_persons_second_look_is_served_from_their_cache(world):
    coordinator = _signed_in(world.coordinator)
    for url in _pages(world):
        first, uncached = _get(coordinator, url)
        second, queries = _get(coordinator, url)
        assert first.status_code == second.status_code == 200, url
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit"), url
        # The session, the person and the two generations (one read); none of the page's own.
        assert queries == 3 < uncached, url
        assert second["Content-Type"] == first["Content-Type"]
        if "html" in first["Content-Type"]:
            # Same page, apart from the nonce and the CSRF token, which are this request's own.
            assert _nonce(second) != _nonce(first)
            assert f'nonce="{_nonce(second)}"' in second.content.decode()
            assert _nonce(first) not in second.content.decode()


def test_a_cached_page_carries_a_csrf_token_that_works(world):
    coordinator = Client(enforce_csrf_checks=True)
    coordinator.force_login(world.coordinator)
    url = reverse("platforms-members", args=[world.platform.slug])
    coordinator.get(url)
    page = coordinator.get(url)
    assert page["X-Cache"] == "hit"
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
    switched = coordinator.post(reverse("set_language"), {"language": "en", "csrfmiddlewaretoken": token})
    assert switched.status_code == 302


@pytest.mark.parametrize("persona", ["manager_a", "steering", "coopted", "outsider"])
def test_a_cached_page_is_never_served_to_someone_else(world, persona):
    """The coordinator's pages are cached; a wrong role asking for them is still refused."""
    coordinator = _signed_in(world.coordinator)
    members = reverse("platforms-members", args=[world.platform.slug])
    edit = reverse("enterprises-edit", args=[world.enterprise_b.slug])
    for url in (members, edit):
        coordinator.get(url)
        assert coordinator.get(url)["X-Cache"] == "hit"
    other = _signed_in(getattr(world, persona))
    assert other.get(edit).status_code in (403, 404)
    page = other.get(members)
    assert page.get("X-Cache") != "hit"
    # Only the coordinator may invite (members see the list, or nothing at all).
    assert reverse("platforms-invite", args=[world.platform.slug]) not in page.content.decode()
    # Nor to the public: the login page, not the cached copy.
    assert Client().get(members).status_code == 302
    # And the same person's other session (another browser) keeps its own copies.
    again = _signed_in(world.coordinator)
    assert again.get(members)["X-Cache"] == "miss"


def test_the_start_page_differs_per_person(world):
    coordinator, manager = _signed_in(world.coordinator), _signed_in(world.manager_a)
    url = reverse("portal-start")
    coordinator.get(url)
    assert coordinator.get(url)["X-Cache"] == "hit"
    page = manager.get(url)
    assert page["X-Cache"] == "miss"
    assert world.enterprise_b.name not in page.content.decode()


def test_a_write_through_any_request_makes_every_kept_page_stale(world):
    coordinator = _signed_in(world.coordinator)
    members = reverse("platforms-members", args=[world.platform.slug])
    coordinator.get(members)
    assert coordinator.get(members)["X-Cache"] == "hit"
    # Another person (the same would be true of another process) ends a role.
    membership = world.coopted.memberships.get()
    end = reverse("platforms-membership-end", args=[world.platform.slug, membership.pk])
    other_coordinator = _signed_in(world.coordinator)
    assert other_coordinator.post(end, {"ends_on": timezone.localdate().isoformat()}).status_code == 302
    page = coordinator.get(members)
    assert page["X-Cache"] == "miss"
    assert world.coopted.email not in page.content.decode()
    # The person whose role ended is refused at once, not served an old copy.
    coopted = _signed_in(world.coopted)
    assert coopted.get(members).status_code == 404


def test_a_write_outside_a_request_counts_at_its_commit(world, django_capture_on_commit_callbacks):
    coordinator = _signed_in(world.coordinator)
    url = reverse("enterprises-edit", args=[world.enterprise_a.slug])
    coordinator.get(url)
    before = cache.get(PRIVATE_GENERATION_KEY)
    # A management command's bulk update: no model signal, but the SQL is seen. Nothing is
    # bumped before the commit (another process would read the old data under the new key).
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        Enterprise.objects.filter(pk=world.enterprise_a.pk).update(name="Ändrat utan signal")
        Enterprise.objects.filter(pk=world.enterprise_b.pk).update(name="Också ändrat")
        assert cache.get(PRIVATE_GENERATION_KEY) == before
    assert len(callbacks) == 1  # one bump for the transaction, not one per statement
    assert cache.get(PRIVATE_GENERATION_KEY) != before
    page = coordinator.get(url)
    assert page["X-Cache"] == "miss"
    assert "Ändrat utan signal" in page.content.decode()


def test_a_page_that_wrote_or_showed_messages_is_not_kept(world):
    coordinator = _signed_in(world.coordinator)
    members = reverse("platforms-members", args=[world.platform.slug])
    coordinator.get(members)
    membership = world.coopted.memberships.get()
    end = reverse("platforms-membership-end", args=[world.platform.slug, membership.pk])
    coordinator.post(end, {"ends_on": timezone.localdate().isoformat()})
    # The message about the ended role shows on the next page, which is therefore rendered ...
    with_message = coordinator.get(members)
    assert "X-Cache" not in with_message
    assert "stays in the history" in with_message.content.decode() or "historiken" in (
        with_message.content.decode()
    )
    # ... and not kept: the message is shown once.
    after = coordinator.get(members)
    assert after["X-Cache"] == "miss"
    assert "historiken" not in after.content.decode()


def test_admin_and_account_pages_are_never_kept(world):
    superuser = _signed_in(world.superuser)
    for url in (reverse("admin:index"), reverse("account_email"), reverse("mfa_index")):
        superuser.get(url)
        assert "X-Cache" not in superuser.get(url), url


def test_languages_are_kept_apart(world):
    coordinator = _signed_in(world.coordinator)
    url = reverse("portal-start")
    coordinator.get(url)
    assert coordinator.get(url)["Content-Language"] == "sv"
    coordinator.cookies["django_language"] = "en"
    english = coordinator.get(url)
    assert english["X-Cache"] == "miss" and english["Content-Language"] == "en"
    assert coordinator.get(url)["Content-Language"] == "en"


def test_only_writes_to_data_count():
    assert _is_tracked_write('INSERT INTO "enterprises_enterprise" ("name") VALUES (%s)')
    assert _is_tracked_write('  update "platforms_membership" SET "ends_on" = %s')
    assert _is_tracked_write('DELETE FROM "support_supportcase" WHERE id = 1')
    assert not _is_tracked_write('SELECT "name" FROM "enterprises_enterprise"')
    assert not _is_tracked_write('UPDATE "django_session" SET "session_data" = %s')
    assert not _is_tracked_write('INSERT INTO "stodplattform_cache" (cache_key) VALUES (%s)')
    # The idle-expiry stamp is the only session data that is not part of the key.
    assert RENEWED_KEY in UNKEYED_SESSION_KEYS
