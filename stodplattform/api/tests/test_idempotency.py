"""Idempotency-Key on every write of the API (api/idempotency.py): walked over the OpenAPI
document, so that a new write cannot go without it, and run for real on a few writes."""

import json
import re
import threading
import time
import uuid

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from stodplattform.accounts.models import ApiToken
from stodplattform.api.api import api
from stodplattform.core.idempotency import fingerprint
from stodplattform.core.models import IdempotencyKey
from stodplattform.enterprises.models import Enterprise
from stodplattform.interventions.models import Budget
from stodplattform.support.models import SupportCase

WRITES = ("post", "put", "patch", "delete")
BODY = {"name": "Nyckel", "municipality": "2085"}


def write_operations():
    """(method, path) of every write in the OpenAPI document, path parameters filled with 1."""
    schema = api.get_openapi_schema()
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "1", path), operation)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in WRITES
    ]


OPERATIONS = [(method, path) for method, path, _ in write_operations()]


def token_for(user):
    return ApiToken.issue(user=user, name="idempotency")[1]


def send(method, path, body, *, token, key=None, client=None):
    headers = {"Authorization": f"Bearer {token}"}
    if key is not None:
        headers["Idempotency-Key"] = key
    call = getattr(client or Client(raise_request_exception=False), method.lower())
    return call(path, json.dumps(body), content_type="application/json", headers=headers)


def stored(user, method, path, body, *, status=201):
    """A key as an earlier request of ``method path body`` left it (``status`` None: still running)."""
    return IdempotencyKey.objects.create(
        user=user,
        key="api:earlier",
        fingerprint=fingerprint(method, path, "application/json", json.dumps(body)),
        status=status,
        body=b'{"from": "the store"}',
        content_type="application/json",
    )


def test_the_walk_finds_every_write():
    assert len(OPERATIONS) >= 28
    assert {method for method, _ in OPERATIONS} == {"POST", "PUT", "PATCH"}


@pytest.mark.parametrize(("method", "path", "operation"), write_operations())
def test_every_write_documents_the_key(method, path, operation):
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in operation["parameters"])
    assert {"409", "422"} <= {str(status) for status in operation["responses"]}


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_write_answers_a_repeat_from_the_store(world, method, path):
    """The stored answer is one no view gives: the view did not run again."""
    stored(world.coordinator, method, path, BODY)
    response = send(method, path, BODY, token=token_for(world.coordinator), key="earlier")
    assert response.status_code == 201, response.content
    assert response.json() == {"from": "the store"}
    assert response["Content-Type"] == "application/json"
    assert response["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_write_refuses_the_key_with_another_request(world, method, path):
    stored(world.coordinator, method, path, BODY)
    response = send(
        method, path, {**BODY, "name": "Annat"}, token=token_for(world.coordinator), key="earlier"
    )
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["errors"] == {"Idempotency-Key": [body["detail"]]}
    assert "annan begäran" in body["detail"]


@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_write_answers_409_while_the_first_runs(world, method, path):
    stored(world.coordinator, method, path, BODY, status=None)
    response = send(method, path, BODY, token=token_for(world.coordinator), key="earlier")
    assert response.status_code == 409, response.content
    assert response["Retry-After"] == "1"
    assert set(response.json()) == {"detail", "errors"}


def test_a_method_the_path_does_not_have_is_still_405(world):
    stored(world.coordinator, "PUT", "/api/v1/support/cases/1/assignee", BODY)
    response = send(
        "PUT", "/api/v1/support/cases/1/assignee", BODY, token=token_for(world.coordinator), key="earlier"
    )
    assert response.status_code == 405


# -- Real writes -------------------------------------------------------------------------


REAL = {
    "enterprise": (
        "POST",
        "/api/v1/enterprises",
        BODY,
        lambda: Enterprise.objects.filter(name="Nyckel").count(),
    ),
    "budget": (
        "POST",
        "/api/v1/interventions/budgets",
        {"year": 2030, "total": "1000", "funder": "F"},
        lambda: Budget.objects.filter(year=2030).count(),
    ),
    "case": (
        "POST",
        "/api/v1/support/cases",
        {"title": "Nyckelärende", "category": "market"},
        lambda: SupportCase.objects.filter(title="Nyckelärende").count(),
    ),
}


@pytest.mark.parametrize("name", list(REAL))
def test_a_repeat_gets_the_first_answer_and_adds_no_row(world, name):
    method, path, body, rows = REAL[name]
    token = token_for(world.coordinator)
    first = send(method, path, body, token=token, key="k-" + name)
    second = send(method, path, body, token=token, key="k-" + name)
    assert first.status_code == second.status_code == 201, first.content
    assert second.content == first.content and second["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first
    assert rows() == 1
    if name != "budget":  # one budget a year: a second is refused
        # Without the key, the same request is a new write.
        assert send(method, path, body, token=token).status_code == 201
        assert rows() == 2


def test_the_session_and_a_token_of_one_person_share_their_keys(world):
    token = token_for(world.coordinator)
    first = send("POST", "/api/v1/enterprises", BODY, token=token, key="shared")
    browser = Client()
    browser.force_login(world.coordinator)
    again = browser.post(
        "/api/v1/enterprises",
        json.dumps(BODY),
        content_type="application/json",
        headers={"Idempotency-Key": "shared"},
    )
    assert again.status_code == 201 and again.content == first.content
    assert Enterprise.objects.filter(name="Nyckel").count() == 1


def test_a_failed_write_keeps_no_key(world):
    """A 422 changed nothing: the corrected request may use the same key."""
    token = token_for(world.coordinator)
    bad = send("POST", "/api/v1/enterprises", {**BODY, "postcode": "abc"}, token=token, key="fix-me")
    assert bad.status_code == 422 and "postcode" in bad.json()["errors"]
    assert not IdempotencyKey.objects.exists()
    good = send("POST", "/api/v1/enterprises", BODY, token=token, key="fix-me")
    assert good.status_code == 201


def test_a_read_only_token_or_no_credentials_claim_nothing(world):
    _, read_only = ApiToken.issue(user=world.coordinator, name="r", scope="read")
    assert send("POST", "/api/v1/enterprises", BODY, token=read_only, key="ro").status_code == 403
    assert send("POST", "/api/v1/enterprises", BODY, token="wrong", key="ro").status_code == 401
    assert not IdempotencyKey.objects.exists()


def test_a_repeat_while_the_first_runs_gets_409_at_once(world, monkeypatch):
    """The repeat arrives while the first is inside its write: it does not wait for it."""
    from stodplattform.enterprises import services

    real, seen = services.save_enterprise, {}
    token = token_for(world.coordinator)

    def save_while_repeated(form, *, by, **kwargs):
        started = time.monotonic()
        seen["repeat"] = send("POST", "/api/v1/enterprises", BODY, token=token, key="slow")
        seen["seconds"] = time.monotonic() - started
        return real(form, by=by, **kwargs)

    monkeypatch.setattr(services, "save_enterprise", save_while_repeated)
    first = send("POST", "/api/v1/enterprises", BODY, token=token, key="slow")
    assert first.status_code == 201
    assert seen["repeat"].status_code == 409 and seen["repeat"]["Retry-After"] == "1"
    assert seen["seconds"] < 1
    monkeypatch.setattr(services, "save_enterprise", real)
    assert send("POST", "/api/v1/enterprises", BODY, token=token, key="slow").content == first.content
    assert Enterprise.objects.filter(name="Nyckel").count() == 1


@pytest.mark.skipif(
    connection.vendor == "sqlite", reason="threads cannot share SQLite's in-memory test database"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_concurrent_repeat_in_another_thread_gets_409_at_once(world, monkeypatch):
    from stodplattform.enterprises import services

    real, inside, release = services.save_enterprise, threading.Event(), threading.Event()
    token = token_for(world.coordinator)

    def held_save(form, *, by, **kwargs):
        inside.set()
        release.wait(20)
        return real(form, by=by, **kwargs)

    monkeypatch.setattr(services, "save_enterprise", held_save)
    results = {}

    def first():
        try:
            results["first"] = send("POST", "/api/v1/enterprises", BODY, token=token, key="threads")
        finally:
            connection.close()

    thread = threading.Thread(target=first)
    thread.start()
    assert inside.wait(20)
    started = time.monotonic()
    repeat = send("POST", "/api/v1/enterprises", BODY, token=token, key="threads")
    seconds = time.monotonic() - started
    release.set()
    thread.join(30)
    assert repeat.status_code == 409 and repeat["Retry-After"] == "1" and seconds < 1
    assert results["first"].status_code == 201
    assert Enterprise.objects.filter(name="Nyckel").count() == 1


def test_the_purge_removes_keys_older_than_a_day_and_may_run_twice(world):
    from datetime import timedelta

    from django.utils import timezone

    old = stored(world.coordinator, "POST", "/api/v1/enterprises", BODY)
    IdempotencyKey.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=1, minutes=1))
    fresh = IdempotencyKey.objects.create(
        user=world.coordinator, key="api:fresh", fingerprint="x", status=201
    )
    call_command("purge_idempotency_keys")
    call_command("purge_idempotency_keys")
    assert list(IdempotencyKey.objects.all()) == [fresh]


def test_a_key_from_the_run_of_a_dead_worker_is_given_up_after_a_minute(world):
    from datetime import timedelta

    from django.utils import timezone

    dead = stored(world.coordinator, "POST", "/api/v1/enterprises", BODY, status=None)
    IdempotencyKey.objects.filter(pk=dead.pk).update(created_at=timezone.now() - timedelta(seconds=61))
    response = send("POST", "/api/v1/enterprises", BODY, token=token_for(world.coordinator), key="earlier")
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Enterprise.objects.filter(name="Nyckel").count() == 1


def test_unused_uuid_keys_are_independent(world):
    token = token_for(world.coordinator)
    for _ in range(2):
        assert (
            send("POST", "/api/v1/enterprises", BODY, token=token, key=str(uuid.uuid4())).status_code == 201
        )
    assert Enterprise.objects.filter(name="Nyckel").count() == 2
