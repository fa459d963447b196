"""Settings for the test suite: the real settings, with a throwaway secret key.

Production refuses to start without DJANGO_SECRET_KEY; the tests run with DEBUG off (as
production does) and so bring their own key. Plain HTTP: the test client speaks no TLS.
"""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-" + secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_SSL_REDIRECT", "false")

from stodplattform.settings import *  # noqa: E402, F403
