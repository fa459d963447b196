import inspect
import os
import re
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


# Test files whose behaviour lives in the database itself: search (FTS5 or tsvector), locks and
# races, constraints, migrations, backup and restore, faults, SQL rules, query counts.
_BY_DATABASE = re.compile(
    r"search|synonym|concurren|race|lock|throttle|constraint|migration|backup|fault|rules_in_sql|"
    r"queries|export_cache|retention|commands|purge|personal_data|idempoten|bench"
)
_COUNTS_QUERIES = {"django_assert_num_queries", "django_assert_max_num_queries"}
_IN_THE_CODE = re.compile(r"CaptureQueriesContext|migrat|IntegrityError|select_for_update|connection\.vendor")


def _differs_by_database(item) -> bool:
    """Whether a test belongs to the PostgreSQL pass as well as the SQLite one.

    By the file's name, by an explicit ``database`` mark, by being transactional (threads and
    processes meet in the database), by counting queries, or by what its code names (captured
    queries, migrations, integrity errors, row locks, the database's vendor).
    """
    if _BY_DATABASE.search(Path(str(item.path)).name) or item.get_closest_marker("database"):
        return True
    if _COUNTS_QUERIES & set(getattr(item, "fixturenames", ())):
        return True
    function = getattr(item, "function", None)
    if function is not None and _IN_THE_CODE.search(inspect.getsource(function)):
        return True
    db = item.get_closest_marker("django_db")
    return bool(db and (db.kwargs.get("transaction") or (db.args and db.args[0])))


def _on_sqlite() -> bool:
    from django.conf import settings

    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"


def pytest_itemcollected(item):
    # Marked as soon as collected, so that ``-m`` (which filters before the hook below) sees it.
    if _in_browser_folder(item):
        item.add_marker(pytest.mark.browser)
        # On SQLite the demo fixture restores a whole copy of the database (portal/testing.py),
        # so the migrated rows need not be restored first.
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=not _on_sqlite()))
    elif _differs_by_database(item):
        item.add_marker(pytest.mark.database)


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
