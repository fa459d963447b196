import copy
import inspect
import os
import re
from pathlib import Path

import pytest

from stodplattform.core.testing import made_once

# Playwright's sync API runs an event loop in the test thread; Django's live
# server and ORM are used from the same thread in the browser tests.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# A test that commits (threads, processes, a live server) cannot run inside a transaction.
_COMMITS = {"transactional_db", "live_server", "django_db_reset_sequences", "django_db_serialized_rollback"}


def _commits(item) -> bool:
    if _COMMITS & set(getattr(item, "fixturenames", ())):
        return True
    db = item.get_closest_marker("django_db")
    return bool(db and (db.kwargs.get("transaction") or (db.args and db.args[0])))


def _module_commits(request) -> bool:
    return any(
        _commits(item) for item in request.session.items if getattr(item, "module", None) is request.module
    )


@pytest.fixture(scope="module")
def _world_of_the_module(request, django_db_setup, django_db_blocker):
    """The test personas, made once for each module whose tests all run in a transaction."""
    from stodplattform.enterprises.testing import make_world

    if _module_commits(request):
        yield None
        return
    with made_once(django_db_blocker, make_world) as made:
        yield made


@pytest.fixture
def world(_world_of_the_module, db):
    """The fixed personas (enterprises/testing.py): the module's, copied for each test as
    ``setUpTestData`` does, so that a test's changes to the objects do not reach the next one;
    made anew for a test where the module has tests that commit."""
    if _world_of_the_module is None:
        from stodplattform.enterprises.testing import make_world

        return make_world()
    return copy.deepcopy(_world_of_the_module)


@pytest.fixture(scope="module")
def _demo_of_the_module(request, django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test import override_settings

    from stodplattform.portal.demo import load_demo

    assert not _module_commits(request), "demo_data is for modules whose tests all run in a transaction"
    folder = tmp_path_factory.mktemp("demo")
    files = override_settings(PRIVATE_ROOT=folder / "private", MEDIA_ROOT=folder / "media")
    with files, made_once(django_db_blocker, load_demo) as context:
        yield context


@pytest.fixture
def demo_data(_demo_of_the_module, db):
    """The demo installation (portal/demo.py), loaded once for the module; each test runs in a
    savepoint on top of it. For tests that read the demo: a module that uses it has no test that
    needs an empty database or commits."""
    return _demo_of_the_module


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Attachments go to a folder of the test's own, never into the checkout's var/private."""
    settings.PRIVATE_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def _swedish(settings):
    settings.LANGUAGE_CODE = "sv"
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
# races, constraints, migrations, backup and restore, faults, SQL rules, query counts, NUL bytes
# and other junk in addresses, forms and the API's filters (PostgreSQL refuses a NUL byte in text).
_BY_DATABASE = re.compile(
    r"search|synonym|concurren|race|lock|throttle|constraint|migration|backup|fault|rules_in_sql|"
    r"queries|export_cache|retention|commands|purge|personal_data|idempoten|bench|nul_bytes|fuzz"
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
    return _commits(item)


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
