"""A second factor for the roles that see confidential matters.

Whoever holds a role in ``settings.MFA_REQUIRED_ROLES`` (a ``Role`` code, or
"superuser") and has no second factor yet is taken to the TOTP set-up right
after signing in, and can open nothing else until it is done. It lives in
``platforms`` because it reads roles; ``accounts`` (below) must not.
"""

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .access import held_roles

# A session whose person has a second factor: no query on the following requests.
# Removing a factor drops the mark (accounts.receivers).
SESSION_KEY = "mfa_ok"

# What stays open before the set-up is done: these URL names, any URL name that
# starts with one of ALLOWED_URL_NAME_PREFIXES (allauth's second-factor pages), and
# the paths of _allowed_prefixes() (static and media files, and the JSON API, which answers
# 403 with a JSON body itself: api.auth calls lacks_second_factor for sessions and tokens).
ALLOWED_URL_NAMES = [
    "account_logout",
    "logout",
    "account_reauthenticate",
    "set_language",
]
ALLOWED_URL_NAME_PREFIXES = ["mfa_"]


def required_for(user) -> bool:
    """Must this person have a second factor?"""
    required = set(settings.MFA_REQUIRED_ROLES)
    if not required or not user.is_authenticated:
        return False
    roles = held_roles(user)
    if user.is_superuser:
        roles = roles | {"superuser"}
    return bool(roles & required)


def has_second_factor(user) -> bool:
    return Authenticator.objects.filter(
        user=user, type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
    ).exists()


def lacks_second_factor(user, session=None) -> bool:
    """Must this person have a second factor and has none set up?

    A session that has seen the factor remembers it (``SESSION_KEY``), so the
    following requests cost no query; pass ``session=None`` for an API token.
    """
    if session is not None and session.get(SESSION_KEY) == user.pk:
        return False
    if not required_for(user):
        return False
    if has_second_factor(user):
        if session is not None:
            session[SESSION_KEY] = user.pk
        return False
    return True


def _allowed_prefixes() -> list[str]:
    return [settings.STATIC_URL, settings.MEDIA_URL, "/api/", reverse("mfa_index")]


def _allowed(request) -> bool:
    if any(request.path.startswith(prefix) for prefix in _allowed_prefixes()):
        return True
    match = getattr(request, "resolver_match", None)
    name = match.url_name if match else None
    return bool(name) and (name in ALLOWED_URL_NAMES or name.startswith(tuple(ALLOWED_URL_NAME_PREFIXES)))


class RequireSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # process_view: the URL is resolved, so the allow-list can name views.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or request.session.get(SESSION_KEY) == user.pk:
            return None
        if _allowed(request) or not lacks_second_factor(user, request.session):
            return None
        messages.info(
            request, _("Your role needs two-factor login. Set it up to continue; it takes a minute.")
        )
        return redirect("mfa_activate_totp")
