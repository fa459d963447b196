"""Test helpers for sign-in: TOTP codes (RFC 6238) and a person with a second factor."""

import time

from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

PERIOD = 30


def totp_code(secret: str, *, at: float | None = None) -> str:
    """The code an authenticator app shows for ``secret`` now (or at ``at``)."""
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // PERIOD))


def fresh_totp_code(secret: str, *, used_step: int | None = None) -> tuple[str, int]:
    """A code to type now, and its time step: waits (at most one period) for a step that
    was not used already (allauth refuses a code twice) and has 3 s left (no tolerance)."""
    while True:
        now = time.time()
        step = int(now) // PERIOD
        if step != used_step and PERIOD - now % PERIOD >= 3:
            return totp_code(secret, at=now), step
        time.sleep(0.25)


def give_totp(user) -> str:
    """Activate TOTP (and recovery codes) for ``user``; returns the secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def sign_in_with_password(client, user, password: str, *, secret: str | None = None) -> None:
    """Sign in through the login page (and the TOTP step), as allauth's recent-login checks expect."""
    from django.urls import reverse

    response = client.post(reverse("login"), {"login": user.email, "password": password})
    if secret is not None:
        assert response["Location"] == reverse("mfa_authenticate")
        response = client.post(reverse("mfa_authenticate"), {"code": fresh_totp_code(secret)[0]})
    assert response.status_code == 302, response.content
