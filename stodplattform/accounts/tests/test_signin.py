"""Signing in, out, resetting a password and changing the e-mail address (allauth)."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from stodplattform.accounts.models import AccountEvent, User
from stodplattform.accounts.services import create_person, sign_in
from stodplattform.enterprises.testing import PASSWORD

Kind = AccountEvent.Kind


def _login(client, email, password=PASSWORD, **extra):
    return client.post(reverse("login"), {"login": email, "password": password}, **extra)


def test_login_name_and_account_login_are_one_page(client, db):
    assert reverse("login") == reverse("account_login") == "/logga-in/"
    assert reverse("logout") == reverse("account_logout") == "/logga-ut/"
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_login"' in html and 'type="email"' in html
    assert "Glömt ditt lösenord?" in html


def test_wrong_password_gives_a_swedish_message_and_records_it(client, world):
    response = _login(client, "coordinator@test.example", "fel-lösenord")
    assert response.status_code == 200
    assert "inte korrekt" in response.content.decode() or "felaktig" in response.content.decode().lower()
    event = AccountEvent.objects.get(kind=Kind.LOGIN_FAILED)
    assert event.user == world.coordinator and event.email == "coordinator@test.example"
    assert "_auth_user_id" not in client.session


def test_wrong_password_in_english(client, world):
    response = _login(client, "coordinator@test.example", "wrong", headers={"Accept-Language": "en"})
    client.cookies.load({"django_language": "en"})
    response = _login(client, "coordinator@test.example", "wrong")
    assert "not correct" in response.content.decode()


def test_failed_login_with_unknown_address_is_recorded_without_user(client, world):
    _login(client, "nobody@test.example", "whatever")
    event = AccountEvent.objects.get(kind=Kind.LOGIN_FAILED)
    assert event.user is None and event.email == "nobody@test.example"


def test_too_many_failed_logins_refuse_even_the_right_password(client, world, settings):
    for _ in range(5):
        _login(client, "steering@test.example", "fel")
    response = _login(client, "steering@test.example")
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # Another person's address is not affected by the limit.
    assert _login(client, "coordinator@test.example").status_code == 302


def test_login_records_event_and_logout_too(client, world):
    assert _login(client, "coordinator@test.example").status_code == 302
    client.post(reverse("logout"))
    kinds = list(AccountEvent.objects.for_users([world.coordinator.pk]).values_list("kind", flat=True))
    assert kinds == [Kind.LOGOUT, Kind.LOGIN]


def test_no_public_signup(client, db):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@test.example", "password1": "Xy9!long-pass", "password2": "Xy9!long-pass"},
    )
    assert response.status_code == 200
    assert not User.objects.filter(email="new@test.example").exists()
    assert "inbjudan" in client.get(reverse("login")).content.decode()


def test_create_person_has_verified_primary_address_and_can_sign_in(rf, client, db):
    person = create_person(
        email="Ny.Person@Test.Example", full_name="Ny Person", password=PASSWORD, language="en"
    )
    address = EmailAddress.objects.get(user=person)
    assert address.verified and address.primary and address.email == "ny.person@test.example"
    assert _login(client, "ny.person@test.example").status_code == 302


def test_sign_in_uses_allauths_backend(client, db):
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.test import RequestFactory

    person = create_person(email="a@test.example", full_name="A", password=PASSWORD)
    request = RequestFactory().get("/")
    SessionMiddleware(lambda r: None).process_request(request)
    sign_in(request, person)
    assert request.session["_auth_user_backend"] == "stodplattform.accounts.backends.AuthenticationBackend"
    assert AccountEvent.objects.filter(user=person, kind=Kind.LOGIN).exists()


def test_demo_people_have_verified_addresses(db):
    from stodplattform.accounts.demo import user

    person = user("demo-x", "Demo X")
    assert EmailAddress.objects.filter(user=person, verified=True, primary=True).count() == 1


def _reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/konto/glomt-losenord/nyckel/\S+/)", message.body).group(1)


def test_password_reset_answers_the_same_for_unknown_and_known_addresses(client, world):
    known = client.post(reverse("account_reset_password"), {"email": "coordinator@test.example"})
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@test.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("account_reset_password_done")
    # Only the known address gets mail; nobody else is written to.
    assert [m.to for m in mail.outbox] == [["coordinator@test.example"]]
    assert (
        "Stödplattformen" in mail.outbox[0].body and "testserver" not in mail.outbox[0].body.split("http")[0]
    )


def test_password_reset_by_link_sets_new_password_and_revokes_tokens(client, world):
    from stodplattform.accounts.models import ApiToken

    _token, raw = ApiToken.issue(user=world.coordinator, name="skript")
    client.post(reverse("account_reset_password"), {"email": "coordinator@test.example"})
    link = _reset_link(mail.outbox[0])
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    new = "ett-helt-nytt-lösenord-42"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    world.coordinator.refresh_from_db()
    assert world.coordinator.check_password(new)
    assert ApiToken.objects.user_for(raw) is None
    assert AccountEvent.objects.filter(user=world.coordinator, kind=Kind.PASSWORD_RESET).exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("kort1", "för kort"),
        ("12345678901234", "enbart numeriskt"),
        ("password1234", "alldeles för vanligt"),
    ],
)
def test_password_rules_in_swedish_change_nothing(client, world, password, message):
    client.force_login(world.manager_a)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    world.manager_a.refresh_from_db()
    assert world.manager_a.check_password(PASSWORD)


def test_password_change_revokes_tokens_and_is_recorded(client, world):
    from stodplattform.accounts.models import ApiToken

    _token, raw = ApiToken.issue(user=world.manager_a, name="kassa")
    client.force_login(world.manager_a)
    new = "ett-annat-bra-lösenord-7"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert ApiToken.objects.user_for(raw) is None
    kinds = set(AccountEvent.objects.for_users([world.manager_a.pk]).values_list("kind", flat=True))
    assert {Kind.PASSWORD_CHANGED, Kind.TOKEN_REVOKED} <= kinds


def test_email_change_needs_confirmation_from_the_new_inbox(client, world):
    from stodplattform.accounts.services import ensure_verified_email

    ensure_verified_email(user=world.manager_a)
    client.force_login(world.manager_a)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "ny.adress@test.example"})
    assert response.status_code == 302
    world.manager_a.refresh_from_db()
    assert world.manager_a.email == "manager.a@test.example"  # unchanged until confirmed
    assert mail.outbox[-1].to == ["ny.adress@test.example"]
    link = re.search(r"https?://[^/\s]+(/konto/e-post/bekrafta/\S+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    world.manager_a.refresh_from_db()
    assert world.manager_a.email == "ny.adress@test.example"
    assert AccountEvent.objects.filter(user=world.manager_a, kind=Kind.EMAIL_CHANGED).exists()


def test_logged_out_get_does_not_sign_out(client, world):
    client.force_login(world.observer)
    assert client.get(reverse("logout")).status_code == 200
    assert client.get(reverse("portal-start")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("portal-start")).status_code == 302


def test_the_test_database_has_the_cache_table(db):
    """pytest-django's test database creation runs createcachetable (throttling needs it)."""
    from django.core.cache import cache
    from django.db import connection

    assert "stodplattform_cache" in connection.introspection.table_names()
    cache.set("probe", 1)
    assert cache.get("probe") == 1


@pytest.mark.parametrize(
    "path",
    [
        "/konto/glomt-losenord/nyckel/zz-inte-en-nyckel/",
        "/konto/glomt-losenord/nyckel/0-x/",
        "/konto/e-post/bekrafta/inte-en-nyckel/",
        "/konto/tvastegsinloggning/authenticate/",
        "/konto/tvastegsinloggning/webauthn/keys/999999/remove/",
    ],
)
def test_odd_links_never_fail(client, db, path):
    assert client.get(path).status_code in (200, 302, 404)
    assert client.post(path, {"password1": "x", "password2": "y", "code": "x"}).status_code in (
        200,
        302,
        403,
        404,
    )


def test_data_migration_gives_existing_people_a_verified_address(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("stodplattform.accounts.migrations.0003_verified_email_addresses")
    person = User.objects.create(email="gammal@test.example", full_name="Gammal")  # no address row
    migration.add_addresses(apps, None)
    address = EmailAddress.objects.get(user=person)
    assert address.verified and address.primary and address.email == "gammal@test.example"
    migration.add_addresses(apps, None)  # twice: no duplicate
    assert EmailAddress.objects.filter(user=person).count() == 1


def test_admin_login_goes_through_allauth(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_password_change_is_told_by_email(client, world):
    client.force_login(world.manager_a)
    new = "ett-annat-bra-lösenord-8"
    client.post(
        reverse("account_change_password"), {"oldpassword": PASSWORD, "password1": new, "password2": new}
    )
    assert [m.to for m in mail.outbox] == [[world.manager_a.email]]
    assert mail.outbox[0].subject.startswith("Stödplattformen: ")


@pytest.mark.parametrize("value", ["\x00", "a\x00b@test.example", "😀" * 300, "<script>x</script>"])
def test_odd_input_never_fails(client, world, value):
    posts = [
        (reverse("login"), {"login": value, "password": value}),
        (reverse("account_reset_password"), {"email": value}),
        (reverse("account_signup"), {"email": value, "password1": value, "password2": value}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (200, 302), url
    client.force_login(world.manager_a)
    posts = [
        (reverse("accounts-account"), {"full_name": value, "phone": value, "language": value}),
        (reverse("accounts-tokens"), {"name": value, "scope": value, "days": value}),
        (reverse("account_email"), {"action_add": "", "email": value}),
        (reverse("account_change_password"), {"oldpassword": value, "password1": value, "password2": value}),
        (reverse("set_language"), {"language": value, "next": value}),
        (reverse("mfa_activate_totp"), {"code": value}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (200, 302), url
    world.manager_a.refresh_from_db()
    assert world.manager_a.full_name != value
