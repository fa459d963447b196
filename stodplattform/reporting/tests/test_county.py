"""The county view: the region's platforms side by side, each column equal to the platform's
own figures, last year beside, suppressed, exportable; the bad year is a message."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from stodplattform.platforms.models import Region, RegionalRole
from stodplattform.platforms.testing import make_user
from stodplattform.reporting import figures
from stodplattform.reporting.figures import Period
from stodplattform.reporting.testing import YEAR, make_activity


@pytest.fixture
def regional(world):
    make_activity(world)
    user = make_user("lan.observer")
    RegionalRole.objects.create(
        region=Region.objects.get(code="20"), user=user, role=RegionalRole.Kind.OBSERVER
    )
    client = Client()
    client.force_login(user)
    return client


def url(**query):
    return reverse("reporting-county", args=["20"]) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_platforms_side_by_side(world, regional):
    response = regional.get(url(year=YEAR))
    assert response.status_code == 200
    pairs = response.context["pairs"]
    tables = {shown.key: (shown, rows) for shown, rows in pairs}
    shown, rows = tables["region_time"]
    assert [name for _k, name in shown.columns] == ["Plattform A", "Plattform B"]
    a_minutes = figures.support_time([world.platform.pk], Period.year(YEAR)).column_sums[0]
    assert rows[0][1][0][0].value == a_minutes == 165
    assert rows[0][1][1][0].value == 500  # platform B's case time
    # Employees: platform A's women are 8 (shown), platform B's men 9 (shown), others small.
    persons, rows = tables["region_persons"]
    assert rows[0][1][0][0].value == 8
    assert rows[2][1][0][0].hidden  # other/not stated: 1
    body = response.content.decode()
    assert "Återbruket A" not in body and "Manager A" not in body


def test_export(regional):
    response = regional.get(url(year=YEAR, format="xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    assert f"Företag {YEAR}" in [ws.cell(row=2, column=1).value for ws in book]
    csv = regional.get(url(year=YEAR, format="csv")).content.decode("utf-8")
    assert csv.startswith("\ufeff") and ";Plattform A;Plattform B;Totalt" in csv


def test_bad_year(regional):
    assert regional.get(url(year="x")).status_code == 400


@pytest.mark.parametrize("scale", [1, 4])
def test_queries_do_not_grow_with_the_data(world, scale, django_assert_max_num_queries):
    make_activity(world, scale=scale)
    user = make_user("lan.observer")
    RegionalRole.objects.create(
        region=Region.objects.get(code="20"), user=user, role=RegionalRole.Kind.OBSERVER
    )
    client = Client()
    client.force_login(user)
    # Per platform and year a fixed number (two platforms, two years).
    with django_assert_max_num_queries(60):
        assert client.get(url(year=YEAR)).status_code == 200
