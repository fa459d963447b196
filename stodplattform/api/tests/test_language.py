"""Every error the API gives is in Swedish by default and in English on request."""

import pytest
from django.test import Client

from stodplattform.enterprises.models import Enterprise

from .conftest import ApiClient


def call(world, case, language):
    from stodplattform.accounts.models import ApiToken

    _, raw = ApiToken.issue(user=world.coordinator, name="t")
    token = ApiClient(Client(), raw, language)
    anon = ApiClient(Client(), None, language)
    session = Client(enforce_csrf_checks=True)
    session.force_login(world.coordinator)
    csrf = ApiClient(session, None, language)
    steering_token = ApiToken.issue(user=world.steering, name="t")[1]
    steering = ApiClient(Client(), steering_token, language)
    manager_token = ApiToken.issue(user=world.manager_a, name="t")[1]
    manager = ApiClient(Client(), manager_token, language)
    a = f"/enterprises/{world.enterprise_a.slug}"
    return {
        "wrong token": lambda: ApiClient(Client(), "sp_wrong", language).get("/enterprises"),
        "no credentials": lambda: anon.post("/enterprises", {}),
        "csrf": lambda: csrf.post("/enterprises", {}),
        "not found": lambda: anon.get("/enterprises/finns-inte"),
        "role too low": lambda: steering.patch(a, {"city": "X"}),
        "may not add": lambda: steering.post("/enterprises", {}),
        "registry field": lambda: manager.patch(a, {"status": "closed"}),
        "invalid input": lambda: token.post("/enterprises", {"email": "x"}),
        "invalid filter": lambda: anon.get("/enterprises", municipality="9999"),
        "not json": lambda: token.post("/enterprises", raw="{"),
        "not an object": lambda: token.post("/enterprises", raw="[]"),
    }[case]()


CASES = [
    "wrong token",
    "no credentials",
    "csrf",
    "not found",
    "role too low",
    "may not add",
    "registry field",
    "invalid input",
    "invalid filter",
    "not json",
    "not an object",
]


@pytest.mark.parametrize("case", CASES)
def test_error_details_are_translated(world, case):
    sv, en = call(world, case, "sv"), call(world, case, "en")
    assert sv.status_code == en.status_code >= 400
    assert sv.json()["detail"] and en.json()["detail"]
    assert sv.json()["detail"] != en.json()["detail"], en.json()["detail"]
    sv_errors, en_errors = sv.json()["errors"], en.json()["errors"]
    assert set(sv_errors) == set(en_errors)
    for field in en_errors:
        assert sv_errors[field] != en_errors[field], field
    assert not Enterprise.objects.filter(city="X").exists()


def test_swedish_is_the_default(world):
    default = ApiClient(Client()).get("/enterprises/finns-inte").json()["detail"]
    sv = ApiClient(Client(), language="sv").get("/enterprises/finns-inte").json()["detail"]
    assert default == sv


def test_response_varies_on_language(client, world):
    response = client.get("/api/v1/enterprises/finns-inte", headers={"Accept-Language": "en"})
    assert "Accept-Language" in response.get("Vary", "")
    assert response.get("Content-Language") == "en"
