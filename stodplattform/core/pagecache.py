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

**Signed-in pages** are cached per person and session by ``PrivatePageCacheMiddleware``
(below): a signed-in GET whose answer was a plain 200 is kept in the ``private_pages`` cache
(per process, in memory) under a key of the person, the session and its data, the address,
the language, the day and two generations: the public one and the **private generation**,
which changes after every request that wrote anything to the database (any INSERT, UPDATE
or DELETE except to the session and cache tables, seen by a wrapper on every database
connection, so ``update()``, ``bulk_create()`` and raw SQL count too). A write outside a
request (a management command) changes it at its commit. Entries live at most
``PRIVATE_PAGE_CACHE_SECONDS`` (60): what changes with the clock alone ("5 minutes ago")
is never older than that. Django's admin and allauth's account pages are never cached;
a view can opt out with ``@no_private_cache``.
"""

import atexit
import hashlib
import re
import secrets
import time
from contextvars import ContextVar
from datetime import UTC, datetime
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import DatabaseError, connections, transaction
from django.db.backends.signals import connection_created
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_migrate
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


# --- Signed-in pages -------------------------------------------------------------------

PRIVATE_GENERATION_KEY = "private-pages:generation"
# Writes that change no page: the session (its data is part of the key) and the cache itself.
UNTRACKED_TABLES = ("django_session", settings.CACHES["default"].get("LOCATION", ""))
WRITES = ("INSERT", "UPDATE", "DELETE")
# Session data that changes nothing on a page: when IdleSessionMiddleware last renewed it.
UNKEYED_SESSION_KEYS = frozenset({"_renewed_at"})
# Views whose pages are never kept: the admin, and allauth's account and second-factor pages.
UNCACHED_MODULES = ("django.contrib.admin", "allauth.")

# Inside a request: the connections' aliases that wrote (the middleware bumps once at the end).
_request_writes: ContextVar[set | None] = ContextVar("private_page_writes", default=None)


def private_cache_enabled() -> bool:
    return not isinstance(caches["private_pages"], DummyCache)


def bump_private_generation() -> str:
    """Every signed-in page kept so far is stale from now on."""
    value = str(time.time_ns())
    caches["default"].set(PRIVATE_GENERATION_KEY, value, None)
    return value


def _is_tracked_write(sql: str) -> bool:
    head = sql.lstrip()[:80]
    if head[:6].upper() not in WRITES:
        return False
    return not any(table and f'"{table}"' in head for table in UNTRACKED_TABLES)


def _bump_after_commit():
    bump_private_generation()


_migrating = False


def _pause_while_migrating(**_kwargs):
    # Data migrations write before the cache table exists; nothing is cached during a migrate.
    global _migrating
    _migrating = True


def _resume_after_migrating(**_kwargs):
    global _migrating
    _migrating = False


def _note_writes(execute, sql, params, many, context):
    connection = context["connection"]
    if getattr(connection, "_private_pages_stale", False):
        # An earlier statement in autocommit wrote: it is complete (its rows fetched) now.
        connection._private_pages_stale = False
        bump_private_generation()
    result = execute(sql, params, many, context)
    if _migrating or not (isinstance(sql, str) and _is_tracked_write(sql) and private_cache_enabled()):
        return result
    writes = _request_writes.get()
    if writes is not None:
        writes.add(connection.alias)  # the middleware bumps once, after the view
    elif not connection.in_atomic_block:
        # A command or a shell in autocommit: not now, while the statement's rows may still
        # be unread, but before the next statement (or at the process's exit).
        connection._private_pages_stale = True
    elif not any(
        entry[1] is _bump_after_commit and entry[0] == set(connection.savepoint_ids)
        for entry in connection.run_on_commit
    ):
        # In a transaction: at its commit, once per transaction or savepoint; a rolled-back
        # one drops it with its writes.
        transaction.on_commit(_bump_after_commit, using=connection.alias)
    return result


def _bump_if_stale_at_exit():
    for connection in connections.all(initialized_only=True):
        if getattr(connection, "_private_pages_stale", False):
            connection._private_pages_stale = False
            try:
                bump_private_generation()
            except DatabaseError:  # the database is gone already: the cache's timeout remains
                return


def watch_writes(connection, **_kwargs):
    """Connect the write watcher to a database connection (a connection_created receiver)."""
    if _note_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_note_writes)


def watch_all_connections():
    connection_created.connect(watch_writes, dispatch_uid="private-pages-watch-writes")
    pre_migrate.connect(_pause_while_migrating, dispatch_uid="private-pages-pause")
    atexit.register(_bump_if_stale_at_exit)
    post_migrate.connect(_resume_after_migrating, dispatch_uid="private-pages-resume")
    for connection in connections.all(initialized_only=True):
        watch_writes(connection)


def no_private_cache(view):
    """This view's pages are rendered for every request, even for the same person."""
    view.private_page_cache = False
    return view


def _private_generations() -> tuple[str, str]:
    shared = caches["default"]
    found = shared.get_many([GENERATION_KEY, PRIVATE_GENERATION_KEY])
    if len(found) < 2:
        return generation(), generation(PRIVATE_GENERATION_KEY)
    return found[GENERATION_KEY], found[PRIVATE_GENERATION_KEY]


def _private_key(request) -> str:
    session = request.session
    # The session's data says what this person has chosen (and whether the second factor is
    # done); when it was last renewed changes nothing on a page.
    data = repr(sorted((k, v) for k, v in session.items() if k not in UNKEYED_SESSION_KEYS))
    public, private = _private_generations()
    own = [private, public, str(request.user.pk), session.session_key or ""]
    return _key(request, *own, hashlib.sha256(data.encode()).hexdigest())


def _is_signed_in_read(request, view_func) -> bool:
    if request.method != "GET" or "Authorization" in request.headers:
        return False
    if not request.user.is_authenticated:
        return False
    if getattr(view_func, "private_page_cache", True) is False:
        return False
    if (getattr(view_func, "__module__", "") or "").startswith(UNCACHED_MODULES):
        return False
    return not len(get_messages(request))


def _messages_added(request) -> bool:
    storage = getattr(request, "_messages", None)
    return bool(storage is not None and getattr(storage, "added_new", False))


def _kept_type(response) -> bool:
    kind = response.get("Content-Type", "")
    return kind.startswith(("text/html", "application/json"))


class PrivatePageCacheMiddleware:
    """Signed-in pages from the person's own cache until anything is written (module docstring).

    Sits after the messages and second-factor middleware: a hit is served in ``process_view``,
    after every earlier middleware has checked the request, instead of calling the view.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not private_cache_enabled():
            return self.get_response(request)
        writes: set = set()
        token = _request_writes.set(writes)
        try:
            response = self.get_response(request)
        finally:
            _request_writes.reset(token)
        key = getattr(request, "_private_page_key", None)
        if (
            key
            and not writes
            and _storable(request, response)
            and _kept_type(response)
            and not _messages_added(request)
        ):
            caches["private_pages"].set(key, _freeze(request, response))
            response["X-Cache"] = "miss"
        if writes:
            # After the view: its transaction has committed, so another process that reads
            # the new generation also reads the new data.
            bump_private_generation()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not private_cache_enabled() or not _is_signed_in_read(request, view_func):
            return None
        key = _private_key(request)
        entry = caches["private_pages"].get(key)
        if entry is not None:
            return _thaw(request, entry)
        request._private_page_key = key
        return None
