"""The API of budgets, interventions, decisions and expenses: the permission matrix, the workflow,
bad input with the field named, and the OpenAPI document."""

import json

import pytest
from django.db import transaction
from django.test import Client

from stodplattform.accounts.models import ApiToken
from stodplattform.interventions.models import Budget, Intervention, Status
from stodplattform.interventions.testing import make_budget, make_intervention

PERSONAS = [
    "anonymous",
    "coordinator",
    "steering",
    "coopted",
    "observer",
    "manager_a",
    "manager_b",
    "outsider",
    "superuser",
]


class Api:
    def __init__(self, user=None, language="sv"):
        self.client = Client()
        self.headers = {"Accept-Language": language}
        if user is not None:
            _, raw = ApiToken.issue(user=user, name="test")
            self.headers["Authorization"] = f"Bearer {raw}"

    def get(self, path):
        return self.client.get("/api/v1/interventions" + path, headers=self.headers)

    def post(self, path, data=None):
        return self.client.post(
            "/api/v1/interventions" + path,
            json.dumps(data or {}),
            content_type="application/json",
            headers=self.headers,
        )

    def patch(self, path, data=None):
        return self.client.patch(
            "/api/v1/interventions" + path,
            json.dumps(data or {}),
            content_type="application/json",
            headers=self.headers,
        )


def api_for(world, persona, language="sv"):
    return Api(None if persona == "anonymous" else getattr(world, persona), language)


SUMS = {"coordinator": 200, "steering": 200, "observer": 200, "superuser": 200, "default": 404}
SEES_A = {"coordinator": 200, "steering": 200, "manager_a": 200, "superuser": 200, "default": 404}
OTHER = {"outsider": 200, "superuser": 200, "default": 404}

# (method, path key, body key) → {persona: status}; anonymous is always 401.
MATRIX = {
    ("GET", "budgets", None): {"default": 200},
    ("GET", "budget_a", None): SUMS,
    ("GET", "budget_b", None): OTHER,
    ("PATCH", "budget_a", "budget"): {
        "coordinator": 200,
        "superuser": 200,
        "steering": 403,
        "observer": 403,
        "default": 404,
    },
    ("GET", "list", None): {"observer": 403, "coopted": 403, "default": 200},
    ("GET", "ia", None): SEES_A,
    ("GET", "io", None): OTHER,
    ("GET", "ia_decisions", None): SEES_A,
    ("GET", "ia_expenses", None): SEES_A,
    ("PATCH", "ia", "title"): {**SEES_A, "steering": 403},
    ("POST", "ia_prepare", "prepare"): {**SEES_A, "steering": 403, "manager_a": 403},
    ("POST", "ib_decisions", "decision"): {
        "coordinator": 201,
        "steering": 201,
        "superuser": 201,
        "manager_b": 403,
        "default": 404,
    },
    ("POST", "io_expenses", "expense"): {"outsider": 201, "superuser": 201, "default": 404},
    # The steps: the applicant submits, cancels (before preparation), starts and reports;
    # the coordinator closes.
    ("POST", "id_submit", None): {**SEES_A, "steering": 403},
    ("POST", "ia_cancel", None): {**SEES_A, "steering": 403},
    ("POST", "iap_start", None): {**SEES_A, "steering": 403},
    ("POST", "iap_report", "report"): {**SEES_A, "steering": 403},
    ("POST", "ir_close", None): {**SEES_A, "steering": 403, "manager_a": 403},
    ("POST", "budgets", "new_budget"): {
        "coordinator": 201,
        "outsider": 201,
        "superuser": 422,
        "default": 403,
    },
    ("POST", "list", "application"): {
        "coordinator": 201,
        "manager_a": 201,
        "superuser": 201,
        "manager_b": 422,
        "outsider": 422,
        "default": 403,
    },
}

BODIES = {
    "budget": {"funder": "Finsam och kommunerna"},
    "title": {"title": "Ny titel"},
    "prepare": {"recommendation": "Bifall"},
    "decision": {
        "outcome": "approved",
        "decided_on": "2026-02-01",
        "amount": "100.00",
    },
    "expense": {"date": "2026-03-01", "amount": "10.50", "supplier": "X"},
    "report": {
        "done": "Kursen hölls",
        "people_reached_women": 2,
        "people_reached_men": 1,
        "people_reached_other": 1,
        "assessment": "Bra",
    },
    "new_budget": {"year": 2030, "total": "1000", "funder": "F"},
    "application": {
        "platform": "plattform-a",
        "year": 2026,
        "title": "Kurs",
        "purpose": "P",
        "expected_effect": "E",
        "enterprises": ["aterbruket-a"],
        "category": "expert",
        "requested_amount": "5000.00",
        "starts_on": "2026-03-01",
        "ends_on": "2026-03-31",
    },
}


@pytest.fixture
def api_scene(world):
    world.budget = make_budget(world.platform)
    world.other_budget = make_budget(world.other_platform)
    world.ia = make_intervention(world, state="submitted")
    world.ib = make_intervention(world, state="prepared", enterprise=world.enterprise_b)
    world.io = make_intervention(world, state="approved", platform=world.other_platform)
    return world


def _path(world, key):
    paths = {
        "budgets": "/budgets",
        "budget_a": f"/budgets/{world.budget.pk}",
        "budget_b": f"/budgets/{world.other_budget.pk}",
        "list": "",
        "ia": f"/{world.ia.pk}",
        "io": f"/{world.io.pk}",
        "ia_decisions": f"/{world.ia.pk}/decisions",
        "ia_expenses": f"/{world.ia.pk}/expenses",
        "ia_prepare": f"/{world.ia.pk}/prepare",
        "ib_decisions": f"/{world.ib.pk}/decisions",
        "io_expenses": f"/{world.io.pk}/expenses",
        "ia_cancel": f"/{world.ia.pk}/cancel",
    }
    return paths[key] if key in paths else _step_path(world, key)


def _step_path(world, key):
    """The steps from a draft, an approved and a reported intervention, made only for their rows."""
    return {
        "id_submit": lambda: f"/{world.id.pk}/submit",
        "iap_start": lambda: f"/{world.iap.pk}/start",
        "iap_report": lambda: f"/{world.iap.pk}/report",
        "ir_close": lambda: f"/{world.ir.pk}/close",
    }[key]()


@pytest.mark.parametrize(("method", "key", "body"), list(MATRIX))
def test_matrix(world, method, key, body):
    scene = world
    scene.budget = make_budget(world.platform)
    scene.other_budget = make_budget(world.other_platform)
    scene.ia = make_intervention(world, state="submitted")
    scene.ib = make_intervention(world, state="prepared", enterprise=world.enterprise_b)
    scene.io = make_intervention(world, state="approved", platform=world.other_platform)
    if key in ("id_submit", "iap_start", "iap_report", "ir_close"):
        scene.id = make_intervention(world)
        scene.iap = make_intervention(world, state="approved", requested="1000.00")
        scene.ir = make_intervention(world, state="reported", requested="1000.00")
    path = _path(scene, key)
    wrong = {}
    for persona in PERSONAS:
        # Every persona meets the same records: what one writes is rolled back before the next.
        with transaction.atomic():
            api = api_for(scene, persona)
            if method == "GET":
                response = api.get(path)
            elif method == "POST":
                data = BODIES[body] if body else None
                if body == "decision":  # by circulation: the steering member of platform A agreed
                    data = {**data, "agreed_by": [scene.steering.pk]}
                response = api.post(path, data)
            else:
                response = api.patch(path, BODIES[body])
            transaction.set_rollback(True)
        expected = MATRIX[(method, key, body)]
        want = 401 if persona == "anonymous" else expected.get(persona, expected["default"])
        if response.status_code != want:
            wrong[persona] = (response.status_code, want, response.content[:200])
        if response.status_code >= 400 and response.status_code != 405:
            data = response.json()
            assert set(data) == {"detail", "errors"}, data
    assert not wrong, f"{method} {key}: persona → (got, expected, body) {wrong}"


def test_the_workflow_through_the_api(world):
    make_budget(world.platform, total="20000")
    manager, coordinator, steering = (api_for(world, p) for p in ("manager_a", "coordinator", "steering"))
    response = manager.post("", {**BODIES["application"], "requested_amount": 12000.5, "submit": True})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "submitted" and data["requested_amount"] == "12000.50"
    pk = data["id"]
    assert coordinator.post(f"/{pk}/prepare", {"recommendation": "Bifall"}).json()["status"] == "prepared"
    decision = {**BODIES["decision"], "amount": "12000.51", "agreed_by": [world.steering.pk]}
    response = steering.post(f"/{pk}/decisions", decision)
    assert response.status_code == 422 and "amount" in response.json()["errors"]
    response = steering.post(f"/{pk}/decisions", {**decision, "amount": "10000"})
    assert response.status_code == 201 and response.json()["reference"] == "§ 1/2026"
    response = coordinator.post(
        f"/{pk}/expenses", {"date": "2026-03-01", "amount": "10000.01", "supplier": "X"}
    )
    assert response.status_code == 422 and "amount" in response.json()["errors"]
    assert (
        coordinator.post(
            f"/{pk}/expenses", {"date": "2026-03-01", "amount": "9999.99", "supplier": "X"}
        ).status_code
        == 201
    )
    budget = coordinator.get(f"/budgets/{Budget.objects.get().pk}").json()
    assert budget["sums"] == {
        "budget": "20000.00",
        "committed": "0.01",
        "spent": "9999.99",
        "remaining": "10000.00",
    }
    # Lowering the budget below what is held is refused, with the field named.
    response = coordinator.patch(f"/budgets/{Budget.objects.get().pk}", {"total": "9999.99"})
    assert response.status_code == 422 and "total" in response.json()["errors"]
    # A decision on an intervention in the wrong state.
    other = make_intervention(world, state="submitted")
    response = steering.post(f"/{other.pk}/decisions", decision)
    assert response.status_code == 422 and response.json()["errors"]["__all__"]
    # Neither a meeting nor members who agreed: which one is asked for.
    response = steering.post(f"/{pk}/decisions", BODIES["decision"])
    assert response.status_code == 422 and "meeting" in response.json()["errors"]
    assert Intervention.objects.get(pk=other.pk).status == Status.SUBMITTED


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"requested_amount": "0"}, "requested_amount"),
        ({"requested_amount": "-1"}, "requested_amount"),
        ({"requested_amount": "1.001"}, "requested_amount"),
        ({"requested_amount": "NaN"}, "requested_amount"),
        ({"requested_amount": [1]}, "requested_amount"),
        ({"year": 2031}, "year"),
        ({"ends_on": "2026-01-01"}, "ends_on"),
        ({"enterprises": ["kafeet-d"]}, "enterprises"),
        ({"category": "party"}, "category"),
    ],
)
def test_bad_applications_name_the_field(world, body, field):
    make_budget(world.platform)
    response = api_for(world, "coordinator", "en").post("", {**BODIES["application"], **body})
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()
    assert not Intervention.objects.exists()


def test_openapi_documents_the_interventions(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/v1/interventions",
        "/api/v1/interventions/budgets",
        "/api/v1/interventions/budgets/{budget_id}",
        "/api/v1/interventions/{intervention_id}",
        "/api/v1/interventions/{intervention_id}/decisions",
        "/api/v1/interventions/{intervention_id}/expenses",
    ):
        assert path in paths, sorted(paths)
    assert {"201", "401", "403", "404", "422"} <= set(
        paths["/api/v1/interventions/{intervention_id}/decisions"]["post"]["responses"]
    )


def test_out_of_range_numbers_are_422_or_404_not_500(world):
    api = api_for(world, "coordinator")
    assert api.get("/budgets?year=99999999999999999999").status_code == 422
    assert api.get("?year=99999999999999999999").status_code == 422
    assert api.get("/99999999999999999999").status_code == 404
    assert api.get("/budgets/99999999999999999999").status_code == 404
