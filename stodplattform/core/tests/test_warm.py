"""A server process compiles every template before its first request (stodplattform.wsgi)."""

from pathlib import Path

from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from stodplattform.core.warm import compile_templates


def test_every_template_compiles_before_the_first_request():
    (cached,) = _cached_loaders(engines["django"].engine.template_loaders)
    cached.reset()
    count = compile_templates()
    ours = list(Path("stodplattform").rglob("templates/**/*.html"))
    # Every template of ours, and Django's form widgets; a syntax error anywhere fails here.
    assert count > len(ours) > 150
    assert len(cached.get_template_cache) >= len(ours)
    assert "support/_case_table.html" in cached.get_template_cache


def _cached_loaders(loaders):
    """The cached template loaders, also inside wrapping ones (django-template-partials')."""
    for loader in loaders:
        if isinstance(loader, CachedLoader):
            yield loader
        yield from _cached_loaders(getattr(loader, "loaders", ()))
