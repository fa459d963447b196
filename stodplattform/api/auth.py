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

    def __init__(self, *, write: bool = False):
        super().__init__()
        # On write endpoints a read-only token is refused (403), not treated as missing.
        self.write = write

    def authenticate(self, request, token):
        api_token = ApiToken.objects.token_for(token)
        if api_token is None:
            # A wrong, revoked or expired token is an error, never a silent fall-back to anonymous.
            raise AuthenticationError(401, _("The API token is not valid."))
        if self.write and not api_token.can_write:
            raise PermissionDenied(_("This API token is read-only."))
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
        return request.user if request.user.is_authenticated else None


def anonymous(request):
    """Lets public endpoints answer without credentials; ``request.user`` stays anonymous."""
    if not getattr(request, "user", None):
        request.user = AnonymousUser()
    return request.user if request.user.is_authenticated else "anonymous"


token_auth = TokenAuth()
write_token_auth = TokenAuth(write=True)
session_auth = SessionAuth()
# Reads: a token, the session, or nobody. Writes: a read-write token or the session.
READ = [token_auth, session_auth, anonymous]
WRITE = [write_token_auth, session_auth]
# For the OpenAPI document of reads: the empty requirement says credentials are optional.
READ_OPENAPI = {"security": [{}]}  # ninja appends it to the token and session schemes
