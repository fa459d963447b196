"""Every address of the platform has a row in a permission matrix.

Walks every URL pattern (the API's operations included) and looks each one up in the
permission-matrix modules below: a pattern is covered when a matrix names it (its URL name,
as given to ``reverse``) or requests a path that resolves to it (the API's paths). A new view
or endpoint without a row fails here, with its name, until a matrix says who may reach it.
"""

import ast
import importlib.util
import re

from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve

# The modules whose tests request each address per persona and assert the status.
MATRICES = [
    "stodplattform.portal.tests.test_permissions",
    "stodplattform.accounts.tests.test_account_permissions",
    "stodplattform.enterprises.tests.test_synonyms",
    "stodplattform.support.tests.test_permissions",
    "stodplattform.interventions.tests.test_permissions",
    "stodplattform.interventions.tests.test_api",
    "stodplattform.meetings.tests.test_permissions",
    "stodplattform.events.tests.test_permissions",
    "stodplattform.api.tests.test_permissions",
    "stodplattform.portal.tests.test_personal_data",
    "stodplattform.followup.tests.test_permissions",
    "stodplattform.reporting.tests.test_permissions",
    "stodplattform.financing.tests.test_permissions",
    "stodplattform.followup.tests.test_checks_permissions",
]

# Addresses that are not ours to guard, or that guard nothing; each with the reason.
NOT_OURS = {
    # Django's admin: staff only, by Django (the portal matrix asks for its index).
    "admin:": "Django's admin",
    # allauth's sign-in, password and second-factor pages, which run their own checks; the
    # account pages that show a person's own data are in the accounts matrix by name.
    "account_": "allauth",
    "mfa_": "allauth",
    "usersessions_": "allauth",
    "login": "allauth",
    "logout": "allauth",
    "set_language": "a language switch: anyone, nothing to guard",
    # The API's description and root: public by design.
    "api:openapi-json": "the API's public description",
    "api:openapi-view": "the API's public description",
    "api:api-root": "the API's public root",
    "healthz": "the public health check (operations tests)",
    "bench-floor": "public reference data for the benchmark (portal/tests/test_bench.py)",
}

PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Where a matrix's paths may start: the site, the API, the interventions' API.
PREFIXES = ["", "/api/v1", "/api/v1/interventions"]


def patterns(resolvers=None, prefix="", namespace=""):
    """(route, name) of every URL pattern, down through included and namespaced ones."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}{entry.name or ''}"


def literals(module: str) -> set[str]:
    """The strings a module's source holds; in an f-string each {…} counts as 1."""
    with open(importlib.util.find_spec(module).origin, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.add(node.value)
        elif isinstance(node, ast.JoinedStr):
            found.add("".join(str(v.value) if isinstance(v, ast.Constant) else "1" for v in node.values))
    return found


def covered() -> tuple[set[str], set[str]]:
    """The URL names the matrices name and the routes their paths resolve to."""
    names, routes = set(), set()
    for module in MATRICES:
        for text in literals(module):
            names.add(text)
            if not text.startswith("/"):
                continue
            path = PLACEHOLDER.sub("1", text.split("?")[0])
            for prefix in PREFIXES:
                try:
                    match = resolve(prefix + path)
                except Resolver404:
                    continue
                routes.add(match.route)
                break
    return names, routes


def test_every_url_pattern_has_a_row_in_a_permission_matrix():
    names, routes = covered()
    missing = sorted(
        f"{name or '(unnamed)'} {route}"
        for route, name in patterns()
        if not any(name.startswith(p) for p in NOT_OURS)
        and name not in names
        # The API names each method's operation; a path's row covers its route.
        and route not in routes
    )
    assert not missing, "In no permission matrix:\n" + "\n".join(missing)


def test_the_walk_sees_pages_api_and_namespaces():
    found = dict(patterns())
    assert found["moten/<int:pk>/"] == "meetings-detail"
    assert found["api/v1/meetings/<int:meeting_id>/agenda"] == "api:add_agenda_item"
    assert any(name.startswith("admin:") for name in found.values())
