"""A NUL byte in any address answers 4xx, never 500.

PostgreSQL refuses a NUL byte in a text value, so a token or key taken from the path
and looked up in the database failed with a server error (``GET /kalender/%00.ics``).
Every URL pattern whose parameter takes free text (``str`` or ``path``), ours and the
libraries', is walked with a NUL byte in it, anonymously and signed in. Run it on
PostgreSQL to test what it is for (``DATABASE_URL``).
"""

import functools
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import PathConverter, StringConverter
from django.urls.resolvers import RoutePattern

FREE_TEXT = (StringConverter, PathConverter)
VALUES = {"int": "1", "slug": "plattform-a", "uuid": "00000000-0000-0000-0000-000000000000"}


def _routes(resolver=None, prefix="", converters=None):
    """(route, converters) of every pattern made with path(); re_path() patterns are skipped."""
    for entry in (resolver or get_resolver()).url_patterns:
        if not isinstance(entry.pattern, RoutePattern):
            continue
        route = prefix + str(entry.pattern)
        merged = {**(converters or {}), **entry.pattern.converters}
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route, merged)
        elif isinstance(entry, URLPattern):
            yield route, merged


def _address(route: str) -> str:
    def fill(match):
        kind = match.group(1) or "str"
        return VALUES.get(kind, "abc%00def")

    return "/" + re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def addresses() -> list[str]:
    found = set()
    for route, converters in _routes():
        if any(isinstance(c, FREE_TEXT) for c in converters.values()):
            found.add(_address(route))
    return sorted(found)


ADDRESSES = addresses()


def test_the_walk_finds_the_token_addresses():
    assert "/kalender/abc%00def.ics" not in ADDRESSES  # a slug now: refused by the URL itself
    assert any(a.startswith("/inbjudan/") for a in ADDRESSES)
    assert any(a.startswith("/evenemang/avboka/") for a in ADDRESSES)


@pytest.mark.parametrize("address", ADDRESSES + ["/kalender/%00.ics", "/kalender/abc%00.ics"])
@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_a_nul_byte_in_the_address_is_never_a_server_error(client, world, address, who):
    if who == "superuser":
        client.force_login(world.superuser)
    for method in ("get", "post"):
        response = getattr(client, method)(address)
        assert response.status_code < 500, (method, address, response.status_code)


# -- In the query string -------------------------------------------------------------


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@functools.cache
def query_names() -> list[str]:
    """Every name a page reads from a query string or a form: the fields of every form of the
    project (the API's filters among them), the API schema's query parameters and the few that
    views read themselves."""
    from importlib import import_module
    from importlib.util import find_spec

    from django import forms
    from django.apps import apps

    from stodplattform.api.api import api

    names = {"format", "lang", "next", "page", "svar", "till", "erbjuder", "waiting", "kommun"}
    for ops in api.get_openapi_schema()["paths"].values():
        for op in ops.values():
            names |= {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
    for config in apps.get_app_configs():
        if config.name.startswith("stodplattform.") and find_spec(f"{config.name}.forms"):
            import_module(f"{config.name}.forms")
    for form in _subclasses(forms.BaseForm):
        if form.__module__.startswith("stodplattform."):
            names |= set(getattr(form, "base_fields", {}))
    return sorted(names)


def every_address() -> list[str]:
    """Every page's address (a slug filled with platform A's); the API's operations are walked one
    parameter at a time, with their real records, in api/tests/test_every_operation.py."""
    found = {_address(route).replace("abc%00def", "plattform-a") for route, _c in _routes()}
    return sorted(a for a in found if not a.startswith("/api/"))


@pytest.mark.parametrize("address", every_address())
def test_a_nul_byte_in_any_query_parameter_or_field_is_never_a_server_error(client, world, address):
    names = query_names()
    query = "&".join(f"{name}=a%00b" for name in names)
    client.force_login(world.superuser)
    response = client.get(f"{address}?{query}")
    assert response.status_code < 500, ("get", address, response.status_code)
    response = client.post(f"{address}?{query}", dict.fromkeys(names, "a\x00b"))
    assert response.status_code < 500, ("post", address, response.status_code)
