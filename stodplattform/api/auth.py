"""API authentication: a personal bearer token, or the browser session (with CSRF)."""

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from stodplattform.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    openapi_scheme = "bearer"

    def authenticate(self, request, token):
        user = ApiToken.objects.user_for(token)
        if user is None:
            # A wrong token is an error, never a silent fall-back to anonymous.
            raise AuthenticationError(401, _("The API token is not valid."))
        request.user = user
        return user


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
        return request.user if request.user.is_authenticated else None


def anonymous(request):
    """Lets public endpoints answer without credentials; ``request.user`` stays anonymous."""
    if not getattr(request, "user", None):
        request.user = AnonymousUser()
    return request.user if request.user.is_authenticated else "anonymous"


token_auth = TokenAuth()
session_auth = SessionAuth()
# Reads: a token, the session, or nobody. Writes: a token or the session.
READ = [token_auth, session_auth, anonymous]
WRITE = [token_auth, session_auth]
# For the OpenAPI document of reads: the empty requirement says credentials are optional.
READ_OPENAPI = {"security": [{}]}  # ninja appends it to the token and session schemes
