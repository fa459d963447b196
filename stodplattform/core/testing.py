"""Helpers for the tests of the core's mechanisms."""

from django.core.cache import caches


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
