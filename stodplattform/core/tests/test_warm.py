"""A server process compiles every template before its first request (stodplattform.wsgi)."""

from pathlib import Path

import pytest
from django.forms.renderers import get_default_renderer
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader

from stodplattform.core.warm import compile_templates


def test_every_template_compiles_before_the_first_request():
    (cached,) = _cached_loaders(engines["django"].engine.template_loaders)
    cached.reset()
    get_default_renderer().engine.env.cache.clear()
    count = compile_templates()
    ours = list(Path("stodplattform").rglob("templates/**/*.html"))
    # Every template of ours, and Django's form widgets; a syntax error anywhere fails here.
    assert count > len(ours) > 150
    assert len(cached.get_template_cache) >= len(ours)
    assert "support/_case_table.html" in cached.get_template_cache
    # The forms' templates, in the Jinja2 environment they render through (core/renderers.py).
    compiled = {name for _loader, name in get_default_renderer().engine.env.cache}
    assert {
        "django/forms/widgets/select.html",
        "django/forms/errors/list/ul.html",
        "django/forms/label.html",
    } <= compiled


def _cached_loaders(loaders):
    """The cached template loaders, also inside wrapping ones (django-template-partials')."""
    for loader in loaders:
        if isinstance(loader, CachedLoader):
            yield loader
        yield from _cached_loaders(getattr(loader, "loaders", ()))


@pytest.mark.django_db
def test_full_collections_run_between_requests(monkeypatch):
    import gc

    from django.core.signals import request_finished

    from stodplattform.core.warm import CollectBetweenRequests

    passes = []
    monkeypatch.setattr(gc, "collect", lambda *args: passes.append(args))
    before = gc.get_threshold()
    collector = CollectBetweenRequests(every=3)
    try:
        collector.install()
        # The automatic full pass made rare; the young ones as they were.
        assert gc.get_threshold() == (*before[:2], 1000)
        for _ in range(7):
            request_finished.send(sender=None)
    finally:
        request_finished.disconnect(dispatch_uid="core.warm.collect")
        gc.set_threshold(*before)
    assert len(passes) == 2  # after the third and the sixth response
