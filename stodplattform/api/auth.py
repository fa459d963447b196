"""API authentication: a personal bearer token, or the browser session (with CSRF)."""

from django.contrib.auth.models import AnonymousUser
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, django_auth

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


def anonymous(request):
    """Lets public endpoints answer without credentials; ``request.user`` stays anonymous."""
    if not getattr(request, "user", None):
        request.user = AnonymousUser()
    return request.user if request.user.is_authenticated else "anonymous"


token_auth = TokenAuth()
# Reads: a token, the session, or nobody. Writes: a token or the session.
READ = [token_auth, django_auth, anonymous]
WRITE = [token_auth, django_auth]
