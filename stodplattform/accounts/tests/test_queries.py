"""The account pages make a number of queries that does not grow with tokens, events or sessions."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.accounts import services
from stodplattform.accounts.models import AccountEvent


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(user, n):
    for i in range(n):
        services.create_token(user=user, name=f"nyckel {i}")
        services.record_event(user=user, kind=AccountEvent.Kind.LOGIN)


@pytest.mark.parametrize("name", ["accounts-account", "accounts-security", "accounts-tokens"])
def test_account_pages_query_count_does_not_grow(client, world, name):
    client.force_login(world.manager_a)
    url = reverse(name)
    _grow(world.manager_a, 1)
    client.get(url)  # the first request after sign-in may renew the session
    before = _count(client, url)
    _grow(world.manager_a, 25)
    after = _count(client, url)
    assert after == before, f"{url}: {before} queries, then {after}"
    assert before <= 12
