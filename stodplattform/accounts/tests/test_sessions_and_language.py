"""Idle sessions, the person's language, and the sessions page."""

import time

import pytest
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from stodplattform.accounts.middleware import RENEWED_KEY
from stodplattform.accounts.models import AccountEvent
from stodplattform.accounts.testing import sign_in_with_password
from stodplattform.enterprises.testing import PASSWORD


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_session_is_renewed_at_most_every_few_minutes(client, world, settings, django_assert_num_queries):
    settings.SESSION_IDLE_SECONDS = 3600
    settings.SESSION_COOKIE_AGE = 3600
    settings.SESSION_RENEW_SECONDS = 300
    client.force_login(world.observer)
    first = _expiry(client)
    client.get(reverse("accounts-account"))
    assert _expiry(client) == first  # within the renewal interval: no write
    session = client.session
    session[RENEWED_KEY] = int(time.time()) - 301
    session.save()
    saved = _expiry(client)
    time.sleep(0.01)
    client.get(reverse("accounts-account"))
    assert _expiry(client) > saved


def test_idle_session_ends(client, world, settings):
    settings.SESSION_IDLE_SECONDS = 1
    settings.SESSION_RENEW_SECONDS = 0
    client.force_login(world.observer)
    client.get(reverse("accounts-account"))
    time.sleep(1.2)
    response = client.get(reverse("accounts-account"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_no_write_for_anonymous_visitors(client, db):
    client.get(reverse("home"))
    assert not Session.objects.exists()


def test_language_preference_follows_the_person(client, world):
    world.observer.language = "en"
    world.observer.save()
    client.force_login(world.observer)
    response = client.get(reverse("accounts-account"))
    assert response.content.decode().count('lang="en"') >= 1
    assert "My account" in response.content.decode()


def test_language_switch_saves_the_preference_when_signed_in(client, world):
    client.force_login(world.manager_a)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    world.manager_a.refresh_from_db()
    assert world.manager_a.language == "en"
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    world.manager_a.refresh_from_db()
    assert world.manager_a.language == "en"


def test_language_switch_for_visitors_still_works(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert response.cookies["django_language"].value == "en"


def test_profile_is_saved_and_bad_phone_changes_nothing(client, world):
    client.force_login(world.manager_a)
    url = reverse("accounts-account")
    response = client.post(url, {"full_name": "Ann Andersson", "phone": "070-123 45 67", "language": "sv"})
    assert response.status_code == 302
    world.manager_a.refresh_from_db()
    assert (world.manager_a.full_name, world.manager_a.phone) == ("Ann Andersson", "070-123 45 67")
    for data in (
        {"full_name": "", "phone": "", "language": "sv"},
        {"full_name": "X", "phone": "ring mig", "language": "sv"},
        {"full_name": "X", "phone": "", "language": "de"},
        {"full_name": "X" * 151, "phone": "", "language": "sv"},
    ):
        response = client.post(url, data)
        assert response.status_code == 200 and response.context["form"].errors
    world.manager_a.refresh_from_db()
    assert world.manager_a.full_name == "Ann Andersson"


def test_sessions_page_signs_out_everywhere_else(world):
    one, two = Client(), Client()
    sign_in_with_password(one, world.steering, PASSWORD)
    sign_in_with_password(two, world.steering, PASSWORD)
    assert UserSession.objects.filter(user=world.steering).count() == 2
    response = one.post(reverse("usersessions_list"), {})
    assert response.status_code == 302
    assert two.get(reverse("portal-start")).status_code == 302
    assert one.get(reverse("portal-start")).status_code == 200
    assert AccountEvent.objects.filter(user=world.steering, kind=AccountEvent.Kind.SESSIONS_ENDED).exists()


def test_security_page_shows_own_events_only(client, world):
    sign_in_with_password(client, world.manager_a, PASSWORD)
    other = Client()
    other.post(reverse("login"), {"login": world.manager_b.email, "password": "fel"})
    response = client.get(reverse("accounts-security"))
    events = list(response.context["events"])
    assert events and all(e.user_id == world.manager_a.pk for e in events)


def test_for_users_is_newest_first(world):
    from stodplattform.accounts.services import record_event

    a = record_event(user=world.coordinator, kind=AccountEvent.Kind.LOGIN)
    b = record_event(user=world.steering, kind=AccountEvent.Kind.LOGOUT)
    record_event(user=world.observer, kind=AccountEvent.Kind.LOGIN)
    assert list(AccountEvent.objects.for_users([world.coordinator.pk, world.steering.pk])) == [b, a]


@pytest.mark.parametrize("persona", ["coordinator", "manager_a"])
def test_account_panel_slot_is_rendered(client, world, persona):
    from stodplattform.core.panels import Panel, _providers, provides

    @provides("account", order=10)
    def roles_for_test(request):
        return Panel("Roller i test", "accounts/panels/mfa_off.html")

    try:
        client.force_login(getattr(world, persona))
        assert "Roller i test" in client.get(reverse("accounts-account")).content.decode()
    finally:
        _providers["account"] = [p for p in _providers["account"] if p[2] is not roles_for_test]
