"""Authentication: bearer tokens, the session with CSRF, and anonymous callers."""

import pytest
from django.test import Client

from stodplattform.accounts.models import ApiToken

from .conftest import ApiClient

NEW = {"name": "Nytt Företag", "municipality": "2085"}


def test_wrong_token_is_401_with_detail(world):
    api = ApiClient(Client(), token="sp_not-a-real-token")
    for response in (api.get("/enterprises"), api.get("/platforms"), api.post("/enterprises", NEW)):
        assert response.status_code == 401
        body = response.json()
        assert body["detail"] and body["errors"] == {}


def test_wrong_token_message_in_english_and_swedish(world):
    en = ApiClient(Client(), token="sp_wrong", language="en").get("/enterprises").json()["detail"]
    sv = ApiClient(Client(), token="sp_wrong", language="sv").get("/enterprises").json()["detail"]
    assert en == "The API token is not valid."
    assert sv != en


@pytest.mark.parametrize("header", ["Bearer", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "bearer sp_x"])
def test_malformed_authorization_headers_never_500(world, header):
    response = Client().get("/api/v1/enterprises", headers={"Authorization": header})
    assert response.status_code in (200, 401)


def test_revoked_token_is_401(world):
    token, raw = ApiToken.issue(user=world.coordinator, name="t")
    api = ApiClient(Client(), token=raw)
    assert api.get(f"/enterprises/{world.hidden.slug}").status_code == 200
    token.revoke()
    response = api.get(f"/enterprises/{world.hidden.slug}")
    assert response.status_code == 401
    assert response.json()["detail"]
    assert api.post("/enterprises", NEW).status_code == 401


def test_token_of_inactive_user_is_401(world):
    _, raw = ApiToken.issue(user=world.coordinator, name="t")
    world.coordinator.is_active = False
    world.coordinator.save()
    assert ApiClient(Client(), token=raw).get("/enterprises").status_code == 401


def test_token_records_last_use(world):
    token, raw = ApiToken.issue(user=world.coordinator, name="t")
    assert token.last_used_at is None
    ApiClient(Client(), token=raw).get("/platforms")
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_token_wins_over_session(world):
    """A valid token acts as its owner even if the browser is signed in as someone else."""
    _, raw = ApiToken.issue(user=world.outsider, name="t")
    client = Client()
    client.force_login(world.coordinator)
    response = ApiClient(client, token=raw).get(f"/enterprises/{world.hidden.slug}")
    assert response.status_code == 404


def test_wrong_token_is_not_saved_by_the_session(world):
    client = Client()
    client.force_login(world.coordinator)
    assert ApiClient(client, token="sp_wrong").get("/enterprises").status_code == 401


def test_session_write_without_csrf_is_403(as_session, world):
    api = as_session(world.coordinator, enforce_csrf_checks=True)
    response = api.post("/enterprises", NEW)
    assert response.status_code == 403
    assert response.json()["detail"]
    patch = api.patch(f"/enterprises/{world.enterprise_a.slug}", {"city": "X"})
    assert patch.status_code == 403
    world.enterprise_a.refresh_from_db()
    assert world.enterprise_a.city != "X"
    assert not world.platform.enterprises.filter(name="Nytt Företag").exists()


def test_session_write_with_csrf_token_works(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    client.get("/")  # sets the csrftoken cookie
    token = client.cookies["csrftoken"].value
    api = ApiClient(client)
    api.headers["X-CSRFToken"] = token
    response = api.post("/enterprises", NEW)
    assert response.status_code == 201, response.content


def test_session_reads_need_no_csrf(as_session, world):
    api = as_session(world.coordinator, enforce_csrf_checks=True)
    assert api.get(f"/enterprises/{world.hidden.slug}").status_code == 200


def test_token_writes_need_no_csrf(world):
    _, raw = ApiToken.issue(user=world.coordinator, name="t")
    api = ApiClient(Client(enforce_csrf_checks=True), token=raw)
    assert api.post("/enterprises", NEW).status_code == 201


@pytest.mark.parametrize("method", ["POST", "PATCH"])
def test_anonymous_write_is_401(anon, world, method):
    path = "/enterprises" if method == "POST" else f"/enterprises/{world.enterprise_a.slug}"
    response = anon.request(method, path, {"name": "X", "municipality": "2085"})
    assert response.status_code == 401
    body = response.json()
    assert body["detail"] and body["errors"] == {}


def test_anonymous_write_with_csrf_enforced_is_401(world):
    response = ApiClient(Client(enforce_csrf_checks=True), language="en").post("/enterprises", NEW)
    assert response.status_code == 401
    assert response.json()["detail"] == "Sign in or send an API token."


def test_csrf_failure_message(as_session, world):
    response = as_session(world.coordinator, language="en", enforce_csrf_checks=True).post(
        "/enterprises", NEW
    )
    assert response.json() == {
        "detail": "The CSRF token is missing or wrong. Reload the page and try again.",
        "errors": {},
    }


def test_docs_page_carries_the_csrf_token_for_the_session(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.coordinator)
    page = client.get("/api/v1/docs").content.decode()
    assert 'data-api-csrf="true"' in page
    assert 'data-csrf-token=""' not in page
