"""Helpers for the API tests: a JSON client per persona, by token or by session."""

import json

import pytest
from django.test import Client

from stodplattform.accounts.models import ApiToken

BASE = "/api/v1"


class ApiClient:
    """A thin JSON client; ``token`` sends a bearer token, otherwise the session (if any) is used."""

    def __init__(self, client: Client, token: str | None = None, language: str | None = None):
        self.client = client
        self.headers = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        if language:
            self.headers["Accept-Language"] = language

    def request(self, method: str, path: str, data=None, *, raw: str | bytes | None = None, **params):
        url = BASE + path
        call = getattr(self.client, method.lower())
        if method.upper() in ("GET", "DELETE"):
            return call(url, params or None, headers=self.headers)
        body = raw if raw is not None else json.dumps(data if data is not None else {})
        return call(url, body, content_type="application/json", headers=self.headers)

    def get(self, path, **params):
        return self.request("GET", path, **params)

    def post(self, path, data=None, **kwargs):
        return self.request("POST", path, data, **kwargs)

    def patch(self, path, data=None, **kwargs):
        return self.request("PATCH", path, data, **kwargs)


@pytest.fixture
def as_token(db):
    """``as_token(user)`` → an ApiClient that authenticates with a fresh bearer token."""

    def make(user, language=None):
        _, raw = ApiToken.issue(user=user, name="test")
        return ApiClient(Client(), raw, language)

    return make


@pytest.fixture
def as_session(db):
    """``as_session(user)`` → an ApiClient signed in through the session (CSRF not enforced)."""

    def make(user, language=None, enforce_csrf_checks=False):
        client = Client(enforce_csrf_checks=enforce_csrf_checks)
        if user is not None:
            client.force_login(user)
        return ApiClient(client, None, language)

    return make


@pytest.fixture
def anon(db):
    return ApiClient(Client())
