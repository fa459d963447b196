"""Helpers for the tests of the core's mechanisms."""

from contextlib import contextmanager

from django.core.cache import caches
from django.db import transaction


def turn_on_cache(settings, alias: str) -> None:
    """The tests' settings turn the page caches off; this turns ``alias`` on, empty.

    In memory, under a name of its own: the ``settings`` fixture puts the dummy back after the
    test, and the next test that turns it on starts from an empty cache again.
    """
    settings.CACHES = {
        **settings.CACHES,
        alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"test-{alias}"},
    }
    caches[alias].clear()


@contextmanager
def made_once(django_db_blocker, make):
    """Rows made once for a whole module, inside a transaction that is rolled back at its end.

    Each test of the module then runs in a savepoint of that transaction (pytest-django's ``db``),
    as Django's ``TestCase.setUpTestData`` does for a class: the rows are there at the start of
    every test, and what a test changes is undone when it ends. For module-scoped fixtures
    (the root ``conftest.py``'s ``world`` and ``demo_data``); a module that uses them has no test
    that commits.
    """
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            made = make()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield made
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
