import os

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's live
# server and ORM are used from the same thread in the browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    from stodplattform.enterprises.testing import make_world

    return make_world()


@pytest.fixture(autouse=True)
def _swedish(settings):
    settings.LANGUAGE_CODE = "sv"
    # The real hasher costs ~0.3 s a user; the tests create many.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Plain storage: the manifest needs collectstatic, which tests do not run.
    # A second factor is required of no role unless a test says so (accounts' tests do).
    settings.MFA_REQUIRED_ROLES = []
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
