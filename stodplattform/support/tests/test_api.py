"""The support API: the same rules and messages as the pages, errors as {"detail", "errors"}."""

import pytest
from django.test import Client

from stodplattform.accounts.models import ApiToken


@pytest.fixture
def api(world):
    def make(user, language="sv"):
        _, raw = ApiToken.issue(user=user, name="t")
        return Client(headers={"Authorization": f"Bearer {raw}", "Accept-Language": language})

    return make


def _post(client, path, data):
    return client.post(f"/api/v1/support{path}", data, content_type="application/json")


def test_openapi_documents_support(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/support/cases"])
    assert {"get"} <= set(paths["/api/v1/support/cases/{pk}"])
    assert {"post"} <= set(paths["/api/v1/support/cases/{pk}/status"])
    assert {"get", "post"} <= set(paths["/api/v1/support/cases/{pk}/entries"])
    assert {"get", "post"} <= set(paths["/api/v1/support/time"])
    assert "422" in paths["/api/v1/support/cases/{pk}/entries"]["post"]["responses"]


def test_workflow_errors_name_the_field(api, world, cases):
    client = api(world.coordinator)
    response = _post(client, f"/cases/{cases.case_a.pk}/status", {"status": "closed"})
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"} and "outcome" in response.json()["errors"]
    response = _post(client, f"/cases/{cases.case_a.pk}/status", {"status": "closed", "outcome": "resolved"})
    assert response.status_code == 200 and response.json()["status"] == "closed"
    response = _post(client, f"/cases/{cases.case_a.pk}/status", {"status": "waiting"})
    assert response.status_code == 422 and "status" in response.json()["errors"]
    response = _post(client, f"/cases/{cases.case_a.pk}/status", {"status": "open"})
    assert response.status_code == 200 and response.json()["outcome"] == ""


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"minutes": -1}, "minutes"),
        ({"minutes": 1441}, "minutes"),
        ({"minutes": "many"}, "minutes"),
        ({"kind": "poem"}, "kind"),
        ({"date": "2999-01-01"}, "date"),
        ({"date": "yesterday"}, "date"),
    ],
)
def test_entry_bad_input(api, world, cases, body, field):
    response = _post(api(world.coopted), f"/cases/{cases.conf_a.pk}/entries", {"text": "x", **body})
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert not cases.conf_a.entries.exists()


def test_entry_and_minutes(api, world, cases):
    client = api(world.coopted)
    response = _post(
        client, f"/cases/{cases.conf_a.pk}/entries", {"kind": "meeting", "minutes": 90, "text": "Möte"}
    )
    assert response.status_code == 201
    assert response.json()["author"] == world.coopted.email
    assert client.get(f"/api/v1/support/cases/{cases.conf_a.pk}").json()["minutes"] == 90


def test_messages_follow_the_language(api, world, cases):
    sv = _post(api(world.coordinator, "sv"), f"/cases/{cases.case_a.pk}/entries", {"minutes": -1}).json()
    en = _post(api(world.coordinator, "en"), f"/cases/{cases.case_a.pk}/entries", {"minutes": -1}).json()
    assert en["errors"]["minutes"] == ["Minutes cannot be negative."]
    assert sv["errors"]["minutes"] != en["errors"]["minutes"]
    assert sv["detail"] != en["detail"]


def test_assign_and_create(api, world, cases):
    client = api(world.coordinator)
    response = _post(client, f"/cases/{cases.case_a.pk}/assignee", {"assignee": world.coopted.email})
    assert response.status_code == 200 and response.json()["assignee"] == world.coopted.email
    response = _post(client, f"/cases/{cases.case_a.pk}/assignee", {"assignee": world.manager_b.email})
    assert response.status_code == 422 and "assignee" in response.json()["errors"]
    response = _post(client, "/cases", {"title": "", "category": "nonsense"})
    assert response.status_code == 422 and {"title", "category"} <= set(response.json()["errors"])
    response = _post(client, "/cases", {"title": "Ny", "category": "market", "due_on": "2000-01-01"})
    assert response.status_code == 422 and "due_on" in response.json()["errors"]
    response = _post(client, "/cases", {"title": "Ny", "category": "market"})
    assert response.status_code == 201 and response.json()["platform"] == world.platform.slug


def test_list_filters(api, world, cases):
    client = api(world.coordinator)
    data = client.get("/api/v1/support/cases", {"category": "hr"}).json()
    assert {r["reference"] for r in data["results"]} == {cases.conf_a.reference, cases.conf_b.reference}
    response = client.get("/api/v1/support/cases", {"status": "bogus"})
    assert response.status_code == 422 and "status" in response.json()["errors"]
    assert client.get("/api/v1/support/cases", {"page": 99}).json()["results"] == []


def test_anonymous_gets_401(client, cases):
    response = client.get("/api/v1/support/cases")
    assert response.status_code == 401 and set(response.json()) == {"detail", "errors"}
