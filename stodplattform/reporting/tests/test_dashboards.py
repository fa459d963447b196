"""The platform dashboard and the manager's view: what each persona sees, exports, query counts."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from stodplattform.reporting.testing import YEAR, make_activity


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def activity(world):
    return make_activity(world)


def url(world, **query):
    base = reverse("reporting-dashboard", args=[world.platform.slug])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_coordinator_sees_exact_counts(world, activity):
    response = client_for(world.coordinator).get(url(world, year=YEAR))
    assert response.status_code == 200
    body = response.content.decode()
    board = response.context["board"]
    assert board.audience.exact
    assert board.cases_opened.table.total == 3
    assert "&lt; 5" not in body
    assert "Hundcentret B" in body  # time per enterprise, confidential cases included
    assert board.support_time_by_enterprise.table.total == 165
    assert "2 tim 45 min" in body  # hours and minutes, never raw minutes


def test_steering_sees_protected_counts_and_no_confidential_time(world, activity):
    response = client_for(world.steering).get(url(world, year=YEAR))
    assert response.status_code == 200
    board = response.context["board"]
    assert not board.audience.exact
    assert board.cases_opened.has_hidden
    assert "&lt; 5" in response.content.decode()
    assert board.support_time_by_enterprise.table.total == 120
    assert "Hundcentret B" not in [label for _k, label in board.support_time_by_enterprise.table.rows]


def test_observer_sees_no_enterprise(world, activity):
    response = client_for(world.observer).get(url(world, year=YEAR))
    assert response.status_code == 200
    board = response.context["board"]
    assert board.support_time_by_enterprise is None
    body = response.content.decode()
    for name in ("Återbruket A", "Hundcentret B", "Deltagare Nummer", "manager"):
        assert name not in body


def test_a_reversed_period_is_a_message(world):
    response = client_for(world.coordinator).get(url(world, start="2026-05-01", end="2026-04-01"))
    assert response.status_code == 200
    assert response.context["board"] is None
    assert "Perioden slutar innan den börjar." in response.content.decode()


def test_half_year_and_empty_year(world, activity):
    client = client_for(world.coordinator)
    response = client.get(url(world, year=YEAR, half=2))
    assert response.context["board"].cases_opened.table.total == 0
    response = client.get(url(world, year=2019))
    assert response.status_code == 200
    assert "Det finns ingen budget för 2019." in response.content.decode()


def test_csv_is_for_swedish_excel(world, activity):
    response = client_for(world.coordinator).get(url(world, year=YEAR, format="csv"))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text.splitlines()
    assert any(line.startswith("Finansiering;") for line in lines)
    # Hours with a decimal comma: 165 minutes = 2,75 hours.
    assert any(line.startswith("Totalt;2,75;2,00;4,75") for line in lines)


def test_xlsx_holds_what_the_page_shows(world, activity):
    response = client_for(world.steering).get(url(world, year=YEAR, format="xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Öppnade ärenden"]
    cells = [[c.value for c in row] for row in sheet.iter_rows()]
    financing = next(row for row in cells if row[0] == "Finansiering")
    assert "< 5" in financing
    # Cases are counted as people are: no count from 1 to 4 is left in the sheet.
    small = [
        v
        for row in cells[1:]
        for v in row[1:]
        if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 5
    ]
    assert small == []


def test_manager_sees_own_enterprise_over_the_years(world, activity):
    response = client_for(world.manager_a).get(
        reverse("reporting-enterprise", args=[world.enterprise_a.slug])
    )
    assert response.status_code == 200
    this_year = response.context["years"][0]
    assert this_year.year == YEAR and this_year.employees == 11 and this_year.support_minutes == 90
    assert this_year.interventions == 30000
    assert (
        client_for(world.manager_a)
        .get(reverse("reporting-enterprise", args=[world.enterprise_b.slug]))
        .status_code
        == 404
    )


def test_manager_sees_the_sustainability_areas_over_the_years(world, activity):
    from stodplattform.followup.tests.checks_testing import make_check

    make_check(
        world.enterprise_a, year=YEAR, by=world.coordinator, state="agreed", value=4, finances=(2, "Svag")
    )
    make_check(world.enterprise_a, year=YEAR - 1, by=world.coordinator, state="agreed", value=3)
    make_check(world.enterprise_a, year=YEAR - 2, by=world.manager_a, state="submitted", value=5)
    response = client_for(world.manager_a).get(
        reverse("reporting-enterprise", args=[world.enterprise_a.slug])
    )
    areas = {row.area: row.scores for row in response.context["areas"]}
    years = response.context["check_years"]
    finances = dict(zip(years, areas["finances"], strict=True))
    assert finances[YEAR] == 2 and finances[YEAR - 1] == 3
    assert finances[YEAR - 2] is None  # not agreed yet
    assert "Bärkraftsområden" in response.content.decode()
    # The coordinator sees them too; a steering member reaches no enterprise's page.
    coordinator = client_for(world.coordinator).get(
        reverse("reporting-enterprise", args=[world.enterprise_a.slug])
    )
    assert coordinator.context["areas"]


@pytest.mark.parametrize("scale", [1, 5])
def test_dashboard_queries_do_not_grow(world, scale, django_assert_max_num_queries):
    make_activity(world, scale=scale)
    client = client_for(world.coordinator)
    with django_assert_max_num_queries(26):
        assert client.get(url(world, year=YEAR)).status_code == 200
    client = client_for(world.steering)
    with django_assert_max_num_queries(26):
        assert client.get(url(world, year=YEAR)).status_code == 200
    client = client_for(world.manager_a)
    with django_assert_max_num_queries(9):
        assert client.get(reverse("reporting-enterprise", args=[world.enterprise_a.slug])).status_code == 200
