"""API tokens: scope, expiry, revocation, and what the account pages show."""

from datetime import timedelta

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stodplattform.accounts import services
from stodplattform.accounts.models import AccountEvent, ApiToken, Scope

NEW = {"name": "Nytt Företag", "municipality": "2085"}


def _api(raw, method="get", path="/api/v1/enterprises", data=None):
    client = Client()
    headers = {"Authorization": f"Bearer {raw}"}
    if method == "get":
        return client.get(path, headers=headers)
    return client.post(path, data or NEW, content_type="application/json", headers=headers)


def test_read_only_token_reads_but_may_not_write(world):
    _token, raw = services.create_token(user=world.coordinator, name="rapport", scope=Scope.READ)
    assert _api(raw).status_code == 200
    response = _api(raw, "post")
    assert response.status_code == 403
    assert response.json() == {"detail": "Den här API-nyckeln får bara läsa.", "errors": {}}
    assert not world.platform.enterprises.filter(name=NEW["name"]).exists()


def test_read_write_token_may_write(world):
    _token, raw = services.create_token(user=world.coordinator, name="skript", scope=Scope.WRITE)
    assert _api(raw, "post").status_code in (200, 201)


def test_expired_token_is_401(world):
    token, raw = services.create_token(user=world.coordinator, name="gammal", days=30)
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    response = _api(raw)
    assert response.status_code == 401
    assert response.json()["errors"] == {}
    assert _api(raw, "post").status_code == 401


def test_default_lifetime_is_a_year_and_choices_are_offered(client, world):
    client.force_login(world.steering)
    response = client.post(reverse("accounts-tokens"), {"name": "Export", "scope": "read", "days": "30"})
    assert response.status_code == 302
    token = ApiToken.objects.get(user=world.steering)
    assert token.scope == Scope.READ
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    token2, _raw = ApiToken.issue(user=world.steering, name="x")
    assert timedelta(days=364) < token2.expires_at - timezone.now() <= timedelta(days=365)


def test_bad_token_form_input_changes_nothing(client, world):
    client.force_login(world.steering)
    for data in (
        {"name": "x", "scope": "admin", "days": "365"},
        {"name": "x", "scope": "read", "days": "9999"},
    ):
        response = client.post(reverse("accounts-tokens"), data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_token_page_shows_scope_expiry_and_last_use(client, world):
    _token, raw = services.create_token(user=world.steering, name="Läsaren", scope=Scope.READ)
    _api(raw)
    client.force_login(world.steering)
    html = client.get(reverse("accounts-tokens")).content.decode()
    assert "Läsaren" in html
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    assert token.get_scope_display() in html


def test_create_and_revoke_are_recorded(client, world):
    token, _raw = services.create_token(user=world.manager_a, name="A")
    client.force_login(world.manager_a)
    client.post(reverse("accounts-token-revoke", args=[token.pk]))
    kinds = list(AccountEvent.objects.for_users([world.manager_a.pk]).values_list("kind", "detail"))
    assert (AccountEvent.Kind.TOKEN_REVOKED, "A") in kinds and (AccountEvent.Kind.TOKEN_CREATED, "A") in kinds


def test_deactivation_revokes_tokens_and_ends_sessions_for_good(world):
    from allauth.usersessions.models import UserSession

    from stodplattform.accounts.testing import sign_in_with_password
    from stodplattform.enterprises.testing import PASSWORD

    browser = Client()
    sign_in_with_password(browser, world.manager_b, PASSWORD)
    _token, raw = services.create_token(user=world.manager_b, name="B")
    services.deactivate_person(user=world.manager_b, by=world.superuser)
    assert not UserSession.objects.filter(user=world.manager_b).exists()
    assert browser.get(reverse("portal-start")).status_code == 302
    world.manager_b.is_active = True
    world.manager_b.save()
    assert ApiToken.objects.user_for(raw) is None


def test_deactivation_in_the_admin_revokes_tokens(client, world):
    from allauth.account.models import EmailAddress

    _token, raw = services.create_token(user=world.manager_b, name="B")
    client.force_login(world.superuser)
    url = reverse("admin:accounts_user_change", args=[world.manager_b.pk])
    form = client.get(url).context["adminform"].form
    data = {
        k: v
        for k, v in form.initial.items()
        if v is not None and k not in ("password", "groups", "user_permissions")
    }
    data.update(
        is_active="",
        date_joined_0=world.manager_b.date_joined.strftime("%Y-%m-%d"),
        date_joined_1="12:00:00",
        last_login_0="",
        last_login_1="",
    )
    # The roles shown inline on the person (platforms' admin): left as they are.
    data.update({"memberships-TOTAL_FORMS": "0", "memberships-INITIAL_FORMS": "0"})
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.manager_b.refresh_from_db()
    assert not world.manager_b.is_active
    assert ApiToken.objects.filter(user=world.manager_b, revoked_at__isnull=True).count() == 0
    assert EmailAddress.objects.filter(user=world.manager_b, verified=True).exists()


def test_set_password_anywhere_revokes_tokens(world):
    _token, raw = services.create_token(user=world.observer, name="O")
    world.observer.set_password("ett-nytt-lösenord-från-admin")
    world.observer.save()
    assert ApiToken.objects.user_for(raw) is None
