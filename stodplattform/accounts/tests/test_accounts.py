import pytest
from django.urls import reverse

from stodplattform.accounts.models import ApiToken
from stodplattform.enterprises.testing import PASSWORD


def test_login_with_email_in_any_case(client, world):
    response = client.post(reverse("login"), {"login": "COORDINATOR@test.example", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal-start")


def test_wrong_password_keeps_email_and_explains(client, world):
    response = client.post(reverse("login"), {"login": "coordinator@test.example", "password": "fel"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="coordinator@test.example"' in html
    assert response.context["form"].non_field_errors()


def test_logout_is_post_only(client, world):
    client.force_login(world.coordinator)
    # GET only asks for confirmation (a link or a prefetch must not sign anyone out).
    assert client.get(reverse("logout")).status_code == 200
    assert client.get(reverse("portal-start")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("portal-start")).status_code == 302


def test_token_is_shown_once_and_stored_hashed(client, world):
    client.force_login(world.manager_a)
    response = client.post(
        reverse("accounts-tokens"), {"name": "Kassasystemet", "scope": "read", "days": "90"}
    )
    assert response.status_code == 302  # a reload does not make a second token
    raw = client.get(reverse("accounts-tokens")).context["new_key"]
    token = ApiToken.objects.get(user=world.manager_a)
    assert raw.startswith("sp_") and raw not in token.key_hash
    assert ApiToken.objects.user_for(raw) == world.manager_a
    assert raw not in client.get(reverse("accounts-tokens")).content.decode()


@pytest.mark.parametrize("name", ["", "x" * 101])
def test_token_name_is_validated(client, world, name):
    client.force_login(world.manager_a)
    response = client.post(reverse("accounts-tokens"), {"name": name, "scope": "read", "days": "365"})
    assert "name" in response.context["form"].errors
    assert not ApiToken.objects.exists()


def test_revoking_own_token_only(client, world):
    token, raw = ApiToken.issue(user=world.manager_a, name="A")
    client.force_login(world.manager_b)
    assert client.post(reverse("accounts-token-revoke", args=[token.pk])).status_code == 404
    assert ApiToken.objects.user_for(raw) == world.manager_a
    client.force_login(world.manager_a)
    assert client.get(reverse("accounts-token-revoke", args=[token.pk])).status_code == 405
    assert client.post(reverse("accounts-token-revoke", args=[token.pk])).status_code == 302
    assert ApiToken.objects.user_for(raw) is None


def test_inactive_user_token_does_not_work(world):
    _token, raw = ApiToken.issue(user=world.manager_a, name="A")
    world.manager_a.is_active = False
    world.manager_a.save()
    assert ApiToken.objects.user_for(raw) is None
