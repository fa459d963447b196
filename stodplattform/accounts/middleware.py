"""Per-request behaviour of signed-in sessions: the person's language and the idle expiry."""

import time

from django.conf import settings
from django.utils import translation


class PreferredLanguageMiddleware:
    """The site speaks the signed-in person's preferred language, wherever they sign in from.

    Runs after AuthenticationMiddleware (and LocaleMiddleware, which has chosen from
    the cookie and the browser: the preference wins once it is known).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language and language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


RENEWED_KEY = "_renewed_at"


class IdleSessionMiddleware:
    """Signed-in sessions end after ``SESSION_IDLE_SECONDS`` without a request.

    The session's expiry (SESSION_COOKIE_AGE, in the database and the cookie) is
    renewed by saving the session, but at most once per ``SESSION_RENEW_SECONDS``:
    writing on every page view would make each request a database write. A session
    therefore ends between IDLE − RENEW and IDLE seconds after its last use.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            renewed = session.get(RENEWED_KEY, 0)
            if not isinstance(renewed, int) or now - renewed >= settings.SESSION_RENEW_SECONDS:
                session.set_expiry(settings.SESSION_IDLE_SECONDS)
                session[RENEWED_KEY] = now  # marks the session modified: saved with a new expiry
        return self.get_response(request)
