"""Sign-in events from Django and allauth, written to AccountEvent.

Signals are the only hook these libraries give for "someone signed in", so the
receivers stay thin: one record_event call each.
"""

import time

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals

from .middleware import RENEWED_KEY
from .models import AccountEvent
from .services import record_event

Kind = AccountEvent.Kind


def _logged_in(sender, request, user, **kwargs):
    record_event(user=user, kind=Kind.LOGIN)
    if request is not None and hasattr(request, "session"):
        # Login saves the session anyway: start the idle clock there, not on the next page.
        request.session[RENEWED_KEY] = int(time.time())


def _login_failed(sender, credentials, request=None, **kwargs):
    email = str(credentials.get("email") or credentials.get("username") or credentials.get("login") or "")[
        :254
    ]
    user = get_user_model().objects.filter(email__iexact=email).first() if email else None
    record_event(user=user, kind=Kind.LOGIN_FAILED, email=email)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        record_event(user=user, kind=Kind.LOGOUT)


def _password_changed(sender, request, user, **kwargs):
    record_event(user=user, kind=Kind.PASSWORD_CHANGED)


def _password_reset(sender, request, user, **kwargs):
    record_event(user=user, kind=Kind.PASSWORD_RESET)


def _email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    old = from_email_address.email if from_email_address else ""
    record_event(user=user, kind=Kind.EMAIL_CHANGED, email=to_email_address.email, detail=old)


def _authenticator_added(sender, request, user, authenticator, **kwargs):
    # Recovery codes come along with the first TOTP or passkey: one event for the pair.
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        record_event(user=user, kind=Kind.MFA_ADDED, detail=authenticator.type)


def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    if authenticator.type != Authenticator.Type.RECOVERY_CODES:
        record_event(user=user, kind=Kind.MFA_REMOVED, detail=authenticator.type)
    if request is not None and hasattr(request, "session"):
        # The second-factor check (platforms.mfa) remembers a set-up factor per session.
        request.session.pop("mfa_ok", None)


def _authenticator_reset(sender, request, user, authenticator, **kwargs):
    record_event(user=user, kind=Kind.RECOVERY_CODES_REGENERATED)


def connect():
    auth_signals.user_logged_in.connect(_logged_in, dispatch_uid="accounts-login")
    auth_signals.user_login_failed.connect(_login_failed, dispatch_uid="accounts-login-failed")
    auth_signals.user_logged_out.connect(_logged_out, dispatch_uid="accounts-logout")
    account_signals.password_changed.connect(_password_changed, dispatch_uid="accounts-password-changed")
    account_signals.password_set.connect(_password_changed, dispatch_uid="accounts-password-set")
    account_signals.password_reset.connect(_password_reset, dispatch_uid="accounts-password-reset")
    account_signals.email_changed.connect(_email_changed, dispatch_uid="accounts-email-changed")
    mfa_signals.authenticator_added.connect(_authenticator_added, dispatch_uid="accounts-mfa-added")
    mfa_signals.authenticator_removed.connect(_authenticator_removed, dispatch_uid="accounts-mfa-removed")
    mfa_signals.authenticator_reset.connect(_authenticator_reset, dispatch_uid="accounts-mfa-reset")
