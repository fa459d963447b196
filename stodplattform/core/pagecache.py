"""Public pages served from Django's own per-view cache, made stale when what they show changes.

A view opts in with ``@cache_public`` (a page) or, in the API, with
``@decorate_view(cache_public)``. Anonymous GET and HEAD requests go through Django's
``cache_page`` with the ``pages`` cache (per process, in memory); everyone else gets the view
itself. The key is Django's (the address, the language, the ``Vary`` headers) with the
**generation** and the day as its prefix. The generation is one value in the shared cache
(``default``, a ``DatabaseCache`` that every process reads) that changes whenever a model
registered with ``invalidates_public_pages`` is saved, deleted or has its many-to-many links
changed, and when a service that writes such rows in bulk calls ``bump_generation()``. It is
written through the same database connection as the change, so inside a transaction it
changes at the commit, together with the data, and a rolled-back change leaves it as it was.

A cached body is the same for every visitor: a page that carries a CSRF token or a CSP nonce
(or that changed the session) is marked ``Cache-Control: private`` and never stored. Public
pages therefore have no CSRF-protected form (the language switch asks for a token only of
signed-in people) and no inline script or style; a page with a nonce is simply not cached.

A change made outside the application (raw SQL, another installation's admin on the same
database) is not seen: such a page is at most ``PUBLIC_PAGE_CACHE_SECONDS`` old.
"""

import time
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import cache_page

GENERATION_KEY = "public-pages:generation"
# One address answers a whole page or an htmx fragment.
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-Target", "HX-History-Restore-Request")
# What is personal to a visitor and so never in a stored body.
PERSONAL = (b'name="csrfmiddlewaretoken"', b' nonce="')

_registered: set[str] = set()


def generation() -> str:
    """The current generation of the public pages (made on first use)."""
    shared = caches["default"]
    value = shared.get(GENERATION_KEY)
    if value is None:
        shared.add(GENERATION_KEY, str(time.time_ns()), None)
        value = shared.get(GENERATION_KEY)
    return value


def bump_generation(**_signal_kwargs) -> str:
    """Every public page and export is stale from now on (a signal receiver, or call it)."""
    value = str(time.time_ns())
    caches["default"].set(GENERATION_KEY, value, None)
    return value


def generation_time(value: str | None = None) -> datetime:
    """When the public data last changed, as far as the cache knows (for Last-Modified)."""
    value = value or generation()
    try:
        return datetime.fromtimestamp(int(value) // 1_000_000_000, tz=UTC)
    except (TypeError, ValueError):
        return datetime.now(tz=UTC)


def invalidates_public_pages(model, *, m2m_fields=()):
    """Saving or deleting ``model`` (and changing its ``m2m_fields``) makes public pages stale.

    Call it in the app's ``AppConfig.ready()`` for every model whose data a cached
    public page or export shows; calling it twice for a model is harmless. ``update()`` and
    ``bulk_create()`` send no signals: a service that uses them calls ``bump_generation()``.
    """
    label = model._meta.label
    if label in _registered:
        return
    _registered.add(label)
    post_save.connect(bump_generation, sender=model, dispatch_uid=f"public-pages-save-{label}", weak=False)
    post_delete.connect(
        bump_generation, sender=model, dispatch_uid=f"public-pages-delete-{label}", weak=False
    )
    for name in m2m_fields:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(
            bump_generation, sender=through, dispatch_uid=f"public-pages-m2m-{label}-{name}", weak=False
        )


def registered_models() -> set[str]:
    return set(_registered)


def is_anonymous_read(request) -> bool:
    """A request whose answer may come from (and go to) the public cache."""
    if request.method not in ("GET", "HEAD"):
        return False
    if "Authorization" in request.headers:
        return False  # an API token: the caller may see more than the public
    if request.user.is_authenticated:
        return False
    # Pending messages ("You were signed out") belong to this visitor only.
    return not len(get_messages(request))


def _shareable(view, rendered: list):
    """The view, its answer marked as one that may or may not be kept for every visitor."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        rendered.append(True)
        response = view(request, *args, **kwargs)
        if getattr(response, "is_rendered", True) is False:
            response.render()  # a TemplateResponse: its body is read below
        patch_vary_headers(response, HTMX_HEADERS)
        body = b"" if response.streaming else response.content
        if request.session.modified or any(mark in body for mark in PERSONAL):
            patch_cache_control(response, private=True)  # cache_page keeps no private answer
        return response

    return wrapper


def cache_public(view):
    """Serve the view's anonymous answers from the public cache (see the module docstring)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_anonymous_read(request):
            return view(request, *args, **kwargs)
        rendered: list = []
        # Pages that depend on the day (today's opening hours, coming events) turn at midnight.
        prefix = f"{generation()}.{timezone.localdate().isoformat()}"
        cached = cache_page(settings.PUBLIC_PAGE_CACHE_SECONDS, cache="pages", key_prefix=prefix)
        response = cached(_shareable(view, rendered))(request, *args, **kwargs)
        if not rendered:
            response["X-Cache"] = "hit"
        if "private" not in response.get("Cache-Control", ""):
            # Browsers and proxies ask again each time (cache_page told them to keep it for
            # the timeout): only this cache knows when a page has become stale.
            response["Cache-Control"] = "no-cache"
            del response["Expires"]
        return response

    return wrapper
