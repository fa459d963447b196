"""Settings for the test suite: the real settings, with a throwaway secret key.

Production refuses to start without DJANGO_SECRET_KEY; the tests run with DEBUG off (as
production does) and so bring their own key. Plain HTTP: the test client speaks no TLS.
"""

import os
import secrets

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-" + secrets.token_urlsafe(50))
os.environ.setdefault("DJANGO_SSL_REDIRECT", "false")

import tempfile  # noqa: E402

from stodplattform.settings import *  # noqa: E402, F403

# Kept exports go to a directory of this test run, not the checkout's var/.
EXPORT_CACHE_ROOT = Path(tempfile.mkdtemp(prefix="stodplattform-exports-"))  # noqa: F405

# WhiteNoise reads the whole of STATIC_ROOT whenever a handler loads the middleware, which the
# test client does for every Client. Once ./serve has collected the static files (some 400)
# that is about 0.1 s a test, minutes in all (a fresh clone's STATIC_ROOT is empty, so CI never
# paid it). Looking a file up when it is asked for (its development mode) costs nothing until a
# test asks for one; the files and headers it serves are the same.
WHITENOISE_AUTOREFRESH = True

# The real hasher costs ~0.3 s a user; the tests create many.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests read response.context, which a page served from the public cache does not have: the
# cache is off here, and the tests of the cache itself turn it on (core.testing.turn_on_cache,
# used by portal/tests/test_pagecache.py).
CACHES = {  # noqa: F405
    **CACHES,  # noqa: F405
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}
