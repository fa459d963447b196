"""API authentication: a personal bearer token, or the browser session (with CSRF).

Two lists, one per kind of operation:

* ``SIGNED_IN`` (the default of every router): a token or the session; a caller
  without credentials gets 401, whatever the operation would have shown them.
* ``PUBLIC``: reads of public data (the directory, platforms, events), where
  credentials are optional and may show more.

A read-only token is refused (403) on every unsafe method, and accepted on every
read, whichever list an operation uses. A person whose role needs a second factor
and who has none set up gets 403 through the session and through a token alike, as
the pages send them to the set-up (``platforms.mfa``): a token is made on a page,
after the set-up, but the role or the setting may have come later.
"""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from stodplattform.accounts.models import ApiToken
from stodplattform.platforms.mfa import lacks_second_factor

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _refuse_without_second_factor(user, session=None) -> None:
    if lacks_second_factor(user, session):
        raise PermissionDenied(
            _(
                "Your role needs two-factor login. Set it up under Account → Two-factor login "
                "before using the API."
            )
        )


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        api_token = ApiToken.objects.token_for(token)
        if api_token is None:
            # A wrong, revoked or expired token is an error, never a silent fall-back to anonymous.
            raise AuthenticationError(401, _("The API token is not valid."))
        if request.method not in SAFE_METHODS and not api_token.can_write:
            raise PermissionDenied(_("This API token is read-only."))
        _refuse_without_second_factor(api_token.user)
        request.user = api_token.user
        return api_token.user


class SessionAuth(APIKeyCookie):
    """The browser session; unsafe methods need the CSRF token, as on the pages.

    Unlike ninja's ``django_auth``, a caller who is not signed in gets 401 (no
    credentials) rather than a CSRF 403, and the CSRF message is translated.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        if not request.user.is_authenticated:
            return None
        if check_csrf(request):
            raise PermissionDenied(_("The CSRF token is missing or wrong. Reload the page and try again."))
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if not request.user.is_authenticated:
            return None
        _refuse_without_second_factor(request.user, request.session)
        return request.user


def anonymous(request):
    """Lets public endpoints answer without credentials; ``request.user`` stays anonymous."""
    if not getattr(request, "user", None):
        request.user = AnonymousUser()
    return request.user if request.user.is_authenticated else "anonymous"


token_auth = TokenAuth()
session_auth = SessionAuth()
SIGNED_IN = [token_auth, session_auth]
PUBLIC = [token_auth, session_auth, anonymous]
# For the OpenAPI document of public reads: the empty requirement says credentials are optional.
PUBLIC_OPENAPI = {"security": [{}]}  # ninja appends it to the token and session schemes
