"""Public pages served from a cache, invalidated when what they show changes.

A view opts in with ``@cache_public`` (a page) or, in the API, with
``@decorate_view(cache_public)``. Only anonymous GET and HEAD requests are served from
the cache, and only a 200 without cookies, without messages and without a changed session
is stored. The key holds the language, the host, the full path with its query string and
the htmx headers, and the **generation**: one value in the shared cache (``default``, a
``DatabaseCache`` that every process reads) that changes whenever a model registered with
``invalidates_public_pages`` is saved, deleted or has its many-to-many links changed. The
bodies themselves live in the ``pages`` cache (per process, in memory); a hit costs one
read of the generation.

A cached body may carry the request's CSP nonce and a CSRF token (the language switch in
the page header is a POST form). Both are replaced by random markers when the body is
stored, and the next visitor gets their own nonce (the CSP header is built from it) and
their own CSRF token (with its cookie), exactly as an uncached page would.

The generation is written through the same database connection as the change itself, so
inside a transaction it becomes visible to other processes at the commit, together with
the data, and a rolled-back change leaves it as it was.
"""

import hashlib
import re
import secrets
import time
from datetime import UTC, datetime
from functools import wraps

from django.contrib.messages import get_messages
from django.core.cache import caches
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.csrf import _unmask_cipher_token, get_token
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers

GENERATION_KEY = "public-pages:generation"
HTMX_HEADERS = ("HX-Request", "HX-Boosted", "HX-Target", "HX-History-Restore-Request")
# A masked CSRF token as Django writes it into a form (64 letters and digits).
CSRF_TOKEN = re.compile(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])")

_registered: set[str] = set()


def generation(key: str = GENERATION_KEY) -> str:
    """The current generation of the public pages, or of ``key``'s pages (made on first use)."""
    shared = caches["default"]
    value = shared.get(key)
    if value is None:
        shared.add(key, str(time.time_ns()), None)
        value = shared.get(key)
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
    public page or export shows; calling it twice for a model is harmless.
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


def _key(request, *own: str) -> str:
    """The key of this request's page: ``own`` (the generations, for signed-in pages the
    person and session) and what every page may depend on."""
    parts = [
        *own,
        # Pages that depend on the day (today's opening hours, coming events) turn at midnight.
        timezone.localdate().isoformat(),
        translation.get_language() or "",
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        *(request.headers.get(name, "") for name in HTMX_HEADERS),
    ]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _freeze(request, response):
    """What is kept of a response: status, the view's headers, the body with markers."""
    body = response.content
    nonce_mark = csrf_mark = None
    nonce = getattr(request, "_csp_nonce", None)
    if isinstance(nonce, str) and nonce.encode() in body:
        nonce_mark = secrets.token_hex(16).encode()
        body = body.replace(nonce.encode(), nonce_mark)
    secret = request.META.get("CSRF_COOKIE")
    if secret and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        tokens = {t for t in CSRF_TOKEN.findall(body) if _unmask_cipher_token(t.decode()) == secret}
        if tokens:
            csrf_mark = secrets.token_hex(16).encode()
            for token in tokens:
                body = body.replace(token, csrf_mark)
    headers = [(k, v) for k, v in response.items() if k.lower() not in ("set-cookie", "x-request-id")]
    return (response.status_code, headers, body, nonce_mark, csrf_mark)


def _thaw(request, entry) -> HttpResponse:
    status, headers, body, nonce_mark, csrf_mark = entry
    if nonce_mark:
        # Reading the nonce makes the CSP middleware put it into this response's header.
        body = body.replace(nonce_mark, str(request.csp_nonce).encode())
    if csrf_mark:
        # This visitor's own token, with its cookie set as on any page with a form.
        body = body.replace(csrf_mark, get_token(request).encode())
    response = HttpResponse(body, status=status)
    for name, value in headers:
        response[name] = value
    response["X-Cache"] = "hit"
    return response


def _storable(request, response, *, despite_no_store=False) -> bool:
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (session is not None and session.modified)
        and (despite_no_store or ("no-store" not in cache_control and "private" not in cache_control))
    )


def cache_public(view=None, *, despite_no_store=False):
    """Serve the view's anonymous answers from the public cache (see the module docstring).

    ``despite_no_store``: keep the page although the view says ``Cache-Control: no-store``
    (allauth's sign-in page, for browsers and proxies: the header is kept in the answer, and
    what is personal in it, the CSRF token, is every visitor's own anyway).
    """
    if view is None:
        return lambda view: cache_public(view, despite_no_store=despite_no_store)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_anonymous_read(request):
            return view(request, *args, **kwargs)
        key = _key(request, generation())
        pages = caches["pages"]
        entry = pages.get(key)
        if entry is not None:
            response = _thaw(request, entry)
        else:
            response = view(request, *args, **kwargs)
            if getattr(response, "is_rendered", True) is False:
                response.render()  # a TemplateResponse (allauth's views answer with one)
            if _storable(request, response, despite_no_store=despite_no_store):
                pages.set(key, _freeze(request, response))
                response["X-Cache"] = "miss"
        # The same address answers a whole page or an htmx fragment.
        patch_vary_headers(response, ("HX-Request",))
        return response

    return wrapper
