"""The key figures' pages ask the database a fixed number of times, however many enterprises and years."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.enterprises.testing import make_enterprise, make_manager, make_user
from stodplattform.followup import services
from stodplattform.followup.testing import make_figures

pytestmark = pytest.mark.database


def _count(client, url, **params):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    assert response.status_code == 200, url
    return captured


def _same(few, many, what):
    if len(few) != len(many):
        listing = "\n".join(["-- few:"] + [q["sql"] for q in few] + ["-- many:"] + [q["sql"] for q in many])
        pytest.fail(f"{what}: {len(few)} queries with few rows, {len(many)} with many:\n{listing}")
    return len(few)


def _years(world, enterprise, years, start=2025):
    for index, year in enumerate(range(start, start - years, -1)):
        make_figures(
            world, enterprise=enterprise, year=year, state=["checked", "submitted", "draft"][index % 3]
        )


def test_the_history_of_an_enterprise_does_not_grow_with_its_years(client, world):
    client.force_login(world.manager_a)
    _years(world, world.enterprise_a, 1)
    page = reverse("followup-enterprise", args=[world.enterprise_a.slug])
    year = reverse("followup-year", args=[world.enterprise_a.slug, 2025])
    few = (_count(client, page), _count(client, year))
    _years(world, world.enterprise_a, 9, start=2024)
    many = (_count(client, page), _count(client, year))
    assert _same(few[0], many[0], "enterprise page") <= 12
    assert _same(few[1], many[1], "year page") <= 14


def test_the_overview_does_not_grow_with_enterprises_or_years(client, world):
    client.force_login(world.coordinator)
    url = reverse("followup-overview", args=[world.platform.slug])
    _years(world, world.enterprise_a, 3)
    few = _count(client, url)
    for i in range(12):
        enterprise = make_enterprise(world.platform, f"Företag {i}")
        make_manager(enterprise, make_user(f"manager.{i}"))
        _years(world, enterprise, 3)
    _years(world, world.enterprise_b, 6)
    many = _count(client, url)
    assert _same(few, many, "overview") <= 12
    assert len(_count(client, url, till=2024)) == len(many)


def test_the_start_page_panels_do_not_grow(client, world):
    year = services.last_year()
    _years(world, world.enterprise_a, 1, start=year)
    client.force_login(world.coordinator)
    url = reverse("portal-start")
    few = _count(client, url)
    for i in range(8):
        enterprise = make_enterprise(world.platform, f"Företag {i}")
        _years(world, enterprise, 2, start=year)
    many = _count(client, url)
    _same(few, many, "coordinator's start page")
    client.force_login(world.manager_a)
    _same(_count(client, url), _count(client, url), "manager's start page")


def test_the_api_list_does_not_grow(world):
    from stodplattform.followup.tests.test_permissions import api_for

    api = api_for(world, "coordinator")
    _years(world, world.enterprise_a, 2)
    api.get("/api/v1/followup/key-figures")  # the token's first use is recorded once
    with CaptureQueriesContext(connection) as few:
        assert api.get("/api/v1/followup/key-figures").status_code == 200
    _years(world, world.enterprise_b, 8)
    with CaptureQueriesContext(connection) as many:
        assert len(api.get("/api/v1/followup/key-figures").json()["results"]) == 10
    _same(few, many, "API list")
