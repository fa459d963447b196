"""The reporting API: the dashboard's numbers, the same suppression, in the OpenAPI document."""

import pytest
from django.test import Client

from stodplattform.reporting.testing import YEAR, make_activity


@pytest.fixture
def activity(world):
    return make_activity(world)


def get(user, path):
    client = Client()
    client.force_login(user)
    return client.get(path)


def test_coordinator_exact_steering_hidden(world, activity):
    path = f"/api/v1/reporting/platforms/{world.platform.slug}/figures?year={YEAR}"
    exact = get(world.coordinator, path).json()
    assert exact["exact"] and exact["budget"]["left"] == 70000.0
    opened = next(t for t in exact["tables"] if t["key"] == "cases_opened")
    assert opened["total"] == {"value": 3, "hidden": False}
    steering = get(world.steering, path).json()
    opened = next(t for t in steering["tables"] if t["key"] == "cases_opened")
    assert opened["total"] == {"value": None, "hidden": True}
    # The same numbers as the page.
    page = get(world.steering, f"/siffror/plattform/{world.platform.slug}/?year={YEAR}").context["board"]
    time = next(t for t in steering["tables"] if t["key"] == "support_time")
    assert [c["value"] for c in time["column_totals"]] == [c.value for c in page.support_time.column_totals]


def test_report_and_bad_period(world, activity):
    report = get(
        world.coordinator, f"/api/v1/reporting/platforms/{world.platform.slug}/report?year={YEAR}"
    ).json()
    assert report["fields"][0]["value"] == world.platform.name
    bad = get(
        world.coordinator,
        f"/api/v1/reporting/platforms/{world.platform.slug}/figures?start=2026-05-01&end=2026-04-01",
    )
    assert bad.status_code == 422


def test_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/reporting/platforms/{slug}/figures" in paths
    assert "/api/v1/reporting/regions/{code}/figures" in paths
