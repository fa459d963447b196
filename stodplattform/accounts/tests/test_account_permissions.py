"""Every account page: anonymous visitors are sent to the login page, every persona may open their own."""

import pytest
from django.urls import reverse

from stodplattform.accounts.testing import sign_in_with_password
from stodplattform.enterprises.testing import PASSWORD

PAGES = [
    "accounts-account",
    "accounts-security",
    "accounts-tokens",
    "account_email",
    "account_change_password",
    "mfa_index",
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_list_webauthn",
    "usersessions_list",
]
PERSONAS = [
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "manager_a",
    "manager_b",
    "outsider",
    "superuser",
]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_every_persona_opens_every_account_page(client, world, persona):
    sign_in_with_password(client, getattr(world, persona), PASSWORD)
    statuses = {name: client.get(reverse(name)).status_code for name in PAGES}
    assert statuses == dict.fromkeys(PAGES, 200)


@pytest.mark.parametrize("persona", ["coordinator", "superuser"])
def test_every_account_page_opens_with_mfa_required(client, world, settings, persona):
    """Required roles reach the second-factor pages; the others wait for the set-up."""
    settings.MFA_REQUIRED_ROLES = ["coordinator", "steering", "coopted", "superuser"]
    sign_in_with_password(client, getattr(world, persona), PASSWORD)
    for name in PAGES:
        response = client.get(reverse(name))
        expected = 200 if name.startswith("mfa_") else 302
        assert response.status_code == expected, name
