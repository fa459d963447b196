"""Two-factor login: required roles are taken to the set-up, codes are checked, panels say what is on."""

import os
import subprocess
import sys
import time

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse

from stodplattform.accounts.models import AccountEvent
from stodplattform.accounts.testing import (
    PERIOD,
    fresh_totp_code,
    give_totp,
    sign_in_with_password,
    totp_code,
)
from stodplattform.enterprises.testing import PASSWORD

REQUIRED = ["coordinator", "steering", "coopted", "manager", "superuser"]


def test_the_production_default_requires_it_of_every_role_that_sees_cases():
    """Managers read their own enterprise's confidential HR cases: they are on the list too."""
    env = {k: v for k, v in os.environ.items() if k != "MFA_REQUIRED_ROLES"}
    env.update(DJANGO_SETTINGS_MODULE="stodplattform.settings", DJANGO_SECRET_KEY="test-only")
    code = "import django; django.setup(); from django.conf import settings; print(','.join(settings.MFA_REQUIRED_ROLES))"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert sorted(out.stdout.strip().split(",")) == sorted(REQUIRED)


@pytest.fixture
def mfa_required(settings):
    settings.MFA_REQUIRED_ROLES = REQUIRED


def _login(client, user, password=PASSWORD):
    return client.post(reverse("login"), {"login": user.email, "password": password})


@pytest.mark.parametrize(
    "persona", ["coordinator", "steering", "coopted", "manager_a", "manager_b", "superuser"]
)
def test_required_roles_are_taken_to_totp_setup_and_can_do_nothing_else(client, world, mfa_required, persona):
    client.force_login(getattr(world, persona))
    for url in (
        reverse("portal-start"),
        reverse("accounts-account"),
        reverse("enterprises-directory"),
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp"), url


@pytest.mark.parametrize("persona", ["observer"])
def test_second_factor_is_optional_for_other_roles(client, world, mfa_required, persona):
    client.force_login(getattr(world, persona))
    assert client.get(reverse("portal-start")).status_code == 200


def test_what_stays_open_before_the_setup(client, world, mfa_required):
    sign_in_with_password(client, world.coordinator, PASSWORD)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    assert client.get(reverse("mfa_index")).status_code == 200
    # The API answers for itself, in JSON (api.auth): 403 until the set-up is done.
    assert client.get("/api/v1/platforms").status_code == 403
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


# Transactional (with the migrated rows restored): allauth sends its signals and
# notification mail after the commit, inside the request.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_setup_after_login_then_free(client, world, mfa_required):
    response = _login(client, world.coordinator)
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"] == reverse("mfa_activate_totp")
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": fresh_totp_code(secret)[0]})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_view_recovery_codes")
    assert Authenticator.objects.filter(user=world.coordinator, type=Authenticator.Type.TOTP).exists()
    assert Authenticator.objects.filter(
        user=world.coordinator, type=Authenticator.Type.RECOVERY_CODES
    ).exists()
    assert client.get(reverse("portal-start")).status_code == 200
    assert AccountEvent.objects.filter(user=world.coordinator, kind=AccountEvent.Kind.MFA_ADDED).count() == 1


def test_wrong_setup_code_changes_nothing(client, world, mfa_required):
    sign_in_with_password(client, world.coordinator, PASSWORD)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000"})
    assert response.status_code == 200
    assert "Felaktig kod" in response.content.decode()
    assert not Authenticator.objects.filter(user=world.coordinator).exists()
    assert client.get(reverse("portal-start")).status_code == 302


def test_login_with_totp_wrong_right_and_replayed_code(client, world, mfa_required):
    secret = give_totp(world.steering)
    response = _login(client, world.steering)
    assert response["Location"] == reverse("mfa_authenticate")
    response = client.post(
        reverse("mfa_authenticate"), {"code": "123456" if totp_code(secret) != "123456" else "654321"}
    )
    assert response.status_code == 200 and "Felaktig kod" in response.content.decode()
    assert "_auth_user_id" not in client.session
    code, step = fresh_totp_code(secret)
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("portal-start")).status_code == 200
    client.post(reverse("logout"))
    # The same code again, within its window: refused.
    _login(client, world.steering)
    # Still the code's own step (it had 3 s left), so a refusal is the replay's, not its age.
    assert int(time.time()) // PERIOD == step
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert response.status_code == 200 and "Felaktig kod" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_recovery_code_signs_in_once(client, world, mfa_required):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    give_totp(world.coopted)
    codes = RecoveryCodes(
        Authenticator.objects.get(user=world.coopted, type="recovery_codes")
    ).get_unused_codes()
    _login(client, world.coopted)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 302
    client.post(reverse("logout"))
    _login(client, world.coopted)
    assert client.post(reverse("mfa_authenticate"), {"code": codes[0]}).status_code == 200


def test_removing_the_factor_brings_the_setup_back(
    client, world, mfa_required, django_capture_on_commit_callbacks
):
    secret = give_totp(world.coordinator)
    sign_in_with_password(client, world.coordinator, PASSWORD, secret=secret)
    assert client.get(reverse("portal-start")).status_code == 200
    # Removing a factor asks for the password again.
    assert client.post(reverse("mfa_deactivate_totp"))["Location"].startswith(
        reverse("account_reauthenticate")
    )
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=world.coordinator, type="totp").exists()
    assert client.get(reverse("portal-start"))["Location"] == reverse("mfa_activate_totp")
    assert AccountEvent.objects.filter(user=world.coordinator, kind=AccountEvent.Kind.MFA_REMOVED).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_regenerating_recovery_codes_is_recorded(client, world):
    secret = give_totp(world.manager_a)
    sign_in_with_password(client, world.manager_a, PASSWORD, secret=secret)
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert client.post(reverse("mfa_generate_recovery_codes")).status_code == 302
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.RECOVERY_CODES_REGENERATED).exists()


def test_start_page_says_when_two_factor_is_switched_off(client, world, settings):
    settings.MFA_REQUIRED_ROLES = []
    client.force_login(world.manager_a)
    html = client.get(reverse("portal-start")).content.decode()
    assert "Tvåstegsinloggning är avstängd" in html
    settings.MFA_REQUIRED_ROLES = REQUIRED
    html = client.get(reverse("portal-start")).content.decode()
    assert "Tvåstegsinloggning är avstängd" not in html


def test_start_page_suggests_a_second_factor_until_there_is_one(client, world):
    client.force_login(world.observer)
    assert reverse("mfa_index") in client.get(reverse("portal-start")).content.decode()
    give_totp(world.observer)
    assert 'id="suggest-mfa"' not in client.get(reverse("portal-start")).content.decode()
