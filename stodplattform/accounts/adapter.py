"""How allauth behaves here: no sign-up, throttling per address, a calmer second-factor set-up, mail that names the platform."""

import time
from datetime import UTC, datetime
from types import SimpleNamespace
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from allauth.mfa.models import Authenticator
from allauth.usersessions.adapter import DefaultUserSessionsAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        # Accounts are made by invitation only (platforms.invitations → services.create_person).
        return False

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # allauth greets with the request's host name ("Hej från 127.0.0.1:8000!"):
        # name the platform instead, and give the public address from SITE_URL.
        site = SimpleNamespace(name="Stödplattformen", domain=urlsplit(settings.SITE_URL).netloc)
        super().send_mail(template_prefix, email, {"current_site": site, **context})

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys failed sign-ins by host and address; the host comes from the
        # request, so every allowed host name (or a port) would get its own five
        # attempts. The address alone: one count per person, for all processes.
        # (A private allauth method: test_throttle_processes fails if it goes away.)
        login = credentials.get("email", credentials.get("username", "")) or ""
        return f"login:{login.lower()}"

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        required = super().is_reauthentication_required(app=app, **kwargs)
        if required and app.endswith("mfa") and _setting_up_right_after_login():
            # Some roles are sent to the TOTP set-up straight from the login page:
            # asking for the password again there (and again for the recovery codes)
            # would only confuse. A factor that is older than this sign-in still asks.
            return False
        return required


def _setting_up_right_after_login() -> bool:
    """Signed in with a password minutes ago, and every second factor was added since."""
    request = context.request
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    records = get_authentication_records(request, user)
    if not records:
        return False
    signed_in_at = records[0].get("at", 0)
    if time.time() - signed_in_at >= settings.ACCOUNT_REAUTHENTICATION_TIMEOUT:
        return False
    older = Authenticator.objects.filter(
        user=user, created_at__lt=datetime.fromtimestamp(signed_in_at, tz=UTC)
    )
    return not older.exists()


class UserSessionsAdapter(DefaultUserSessionsAdapter):
    def end_sessions(self, sessions) -> None:
        sessions = list(sessions)
        super().end_sessions(sessions)
        if sessions:
            from .models import AccountEvent
            from .services import record_event

            record_event(
                user=sessions[0].user, kind=AccountEvent.Kind.SESSIONS_ENDED, detail=str(len(sessions))
            )
