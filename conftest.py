import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django's live
# server and ORM are used from the same thread in the browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(db):
    from stodplattform.enterprises.testing import make_world

    return make_world()


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Attachments go to a folder of the test's own, never into the checkout's var/private."""
    settings.PRIVATE_ROOT = tmp_path / "private"


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


def _in_browser_folder(item) -> bool:
    """Browser journeys live in ``<app>/tests/browser/`` (see stodplattform/portal/testing.py)."""
    parts = Path(str(item.path)).resolve().parts
    return "browser" in parts and "tests" in parts


def pytest_itemcollected(item):
    # Marked as soon as collected, so that ``-m`` (which filters before the hook below) sees it.
    if _in_browser_folder(item):
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser journeys last.

    ``-m browser`` selects them, ``-m 'not browser'`` skips them. They are
    transactional, so they empty the database when they end; pytest-django puts
    such tests after the others, but pytest's own reordering for session-scoped
    parameters (Playwright's ``browser_name``, also given to any test with an
    argument named ``page``) can pull them forward again. Hence last, after all
    other reordering.
    """
    ours, others = [], []
    for item in items:
        (ours if _in_browser_folder(item) else others).append(item)
    items[:] = others + ours
