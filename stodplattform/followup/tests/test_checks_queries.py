"""The check pages make the same number of queries whatever the number of years or enterprises."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.enterprises.testing import make_enterprise

from .checks_testing import YEAR, make_check


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_history_of_an_enterprise_does_not_grow_with_the_years(client, world):
    a = world.enterprise_a
    url = reverse("followup-check-history", args=[a.slug])
    for year in (YEAR - 1, YEAR):
        make_check(a, year=year, by=world.coordinator, state="agreed")
    client.force_login(world.manager_a)
    _count(client, url)  # warm: sessions, content types
    few = _count(client, url)
    for year in range(YEAR - 9, YEAR - 1):
        make_check(a, year=year, by=world.coordinator, state="agreed")
    many = _count(client, url)
    assert few == many, (few, many)
    assert many <= 12


def test_the_detail_and_the_overview_do_not_grow_with_the_data(client, world):
    make_check(world.enterprise_a, by=world.coordinator, state="agreed")
    client.force_login(world.coordinator)
    detail = reverse("followup-check-detail", args=[world.enterprise_a.slug, YEAR])
    overview = reverse("followup-checks")
    _count(client, overview)
    few = (_count(client, detail), _count(client, overview))
    for number in range(12):
        enterprise = make_enterprise(world.platform, f"Företag {number}")
        for year in (YEAR - 1, YEAR):
            make_check(enterprise, year=year, by=world.coordinator, state="agreed")
    make_check(world.enterprise_a, year=YEAR - 1, by=world.coordinator, state="agreed")
    many = (_count(client, detail), _count(client, overview))
    assert few == many, (few, many)


def test_the_api_list_does_not_grow_with_the_checks(client, world):
    make_check(world.enterprise_a, by=world.coordinator, state="agreed")
    client.force_login(world.coordinator)
    url = "/api/v1/followup/checks"
    _count(client, url)
    few = _count(client, url)
    for year in range(YEAR - 6, YEAR):
        make_check(world.enterprise_b, year=year, by=world.coordinator, state="agreed")
    assert _count(client, url) == few
