"""People reached, planned and actual, by gender (women, men, other/not stated): the figure
against sums computed here from the rows, small gender cells hidden from a steering member, and
the same table in the dashboard, the report's PDF and XLSX, the API and the public statistics.
Events record no gender: their participants have a total only, and the table says so."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from stodplattform.events.models import Registration, RegistrationStatus
from stodplattform.interventions import services
from stodplattform.interventions.models import Intervention
from stodplattform.interventions.testing import make_budget, make_intervention
from stodplattform.reporting import figures
from stodplattform.reporting.figures import Period
from stodplattform.reporting.models import FunderReport
from stodplattform.reporting.suppression import show
from stodplattform.reporting.testing import YEAR, make_activity

GENDERS = ("women", "men", "other")


def _reported(world, women, men, other, *, platform=None, year=YEAR):
    intervention = make_intervention(
        world, state="approved", requested="1000.00", platform=platform, year=year
    )
    services.report_intervention(
        intervention,
        done="Gjort",
        people_reached_women=women,
        people_reached_men=men,
        people_reached_other=other,
        assessment="Bra",
        by=world.coordinator,
    )
    return intervention


@pytest.fixture
def reached(world):
    """make_activity (3 of 6 registered checked in at the seminar) and, on platform A this
    year, two reports (women 8, men 7, other 1 in all) and a plan (20, 18, 2); others' and
    last year's are not counted."""
    make_activity(world)
    _reported(world, 2, 4, 1)
    _reported(world, 6, 3, 0)
    _reported(world, 50, 50, 50, platform=world.other_platform)
    make_budget(world.platform, year=YEAR - 1)
    _reported(world, 30, 30, 30, year=YEAR - 1)
    FunderReport.objects.create(
        platform=world.platform,
        year=YEAR,
        people_planned_women=20,
        people_planned_men=18,
        people_planned_other=2,
    )
    FunderReport.objects.create(platform=world.other_platform, year=YEAR, people_planned_women=99)
    FunderReport.objects.create(platform=world.platform, year=YEAR - 1, people_planned_men=77)
    return world


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def dashboard_url(world):
    return reverse("reporting-dashboard", args=[world.platform.slug]) + f"?year={YEAR}"


def report_url(world, **query):
    query = {"year": YEAR, **query}
    return (
        reverse("reporting-report", args=[world.platform.slug])
        + "?"
        + "&".join(f"{k}={v}" for k, v in query.items())
    )


def test_the_figure_against_the_rows(reached):
    world = reached
    table = figures.people_reached([world.platform.pk], Period.year(YEAR))
    # Computed here, from the rows themselves.
    mine = [
        i for i in Intervention.objects.all() if i.platform_id == world.platform.pk and i.budget.year == YEAR
    ]
    plans = [p for p in FunderReport.objects.all() if p.platform_id == world.platform.pk and p.year == YEAR]
    checked_in = [
        r
        for r in Registration.objects.select_related("event")
        if r.event.platform_id == world.platform.pk
        and r.event.starts_at.year == YEAR
        and r.status == RegistrationStatus.CONFIRMED
        and r.checked_in_at is not None
    ]
    for g in GENDERS:
        assert table.value("interventions", g) == sum(getattr(i, f"people_reached_{g}") or 0 for i in mine)
        assert table.value("planned", g) == sum(getattr(p, f"people_planned_{g}") or 0 for p in plans)
        assert table.value("events", g) is None  # not recorded
    assert table.row_total("interventions") == sum(i.people_reached or 0 for i in mine) == 16
    assert table.row_total("planned") == sum(p.people_planned for p in plans) == 40
    assert table.row_total("events") == len(checked_in) == 3
    assert [k for k, _l in table.columns] == ["women", "men", "other"]
    assert not table.column_totals  # planned and reached are not added together
    assert "kön" in str(table.note)
    # Two years: both years' plans and reports; nothing of the other platform.
    both = figures.people_reached(
        [world.platform.pk], Period(datetime.date(YEAR - 1, 1, 1), Period.year(YEAR).end)
    )
    assert both.value("interventions", "women") == 8 + 30
    assert both.value("planned", "men") == 18 + 77


def test_an_empty_year_has_no_plan_and_no_one_reached(world):
    table = figures.people_reached([world.platform.pk], Period.year(2019))
    assert table.values[0] == [None, None, None] and table.row_total("planned") is None
    assert table.row_total("interventions") == 0 and table.row_total("events") == 0
    assert table.is_empty
    shown = show(table, exact=False)
    assert [str(c) for c in shown.cells[0]] == ["–", "–", "–"]
    assert str(shown.row_totals[0]) == "–" and not shown.has_hidden


def test_a_small_gender_cell_is_hidden_from_a_steering_member(reached):
    world = reached
    coordinator = signed_in(world.coordinator).get(dashboard_url(world)).context["board"].people_reached
    assert [c.value for c in coordinator.cells[1]] == [8, 7, 1]
    assert coordinator.row_totals[1].value == 16 and not coordinator.has_hidden

    response = signed_in(world.steering).get(dashboard_url(world))
    shown = response.context["board"].people_reached
    interventions = dict(zip(GENDERS, shown.cells[1], strict=True))
    # 1 "other" is hidden; so is the next smallest (men), or 16 − 8 − 7 would give it away.
    assert interventions["other"].hidden and interventions["men"].hidden
    assert interventions["women"].value == 8 and shown.row_totals[1].value == 16
    # The plan is shown as entered, 2 too: a plan is nobody.
    assert [c.value for c in shown.cells[0]] == [20, 18, 2] and shown.row_totals[0].value == 40
    # Events: no gender cells to hide, and 3 checked in is a small total.
    assert all(c.not_recorded for c in shown.cells[2]) and shown.row_totals[2].hidden
    html = response.content.decode()
    table = html.split('id="table-people_reached"', 1)[1].split("</table>", 1)[0]
    assert "&lt; 5" in table and "–" in table and ">7<" not in table and ">1<" not in table
    assert 'id="table-people_reached-note"' in html
    assert "Evenemang registrerar inte kön" in html


def test_the_report_pdf_has_the_gender_row(reached):
    response = signed_in(reached.coordinator).get(report_url(reached, format="pdf"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "Nådda personer" in text
    assert "Kvinnor Män Annat/ej angivet Totalt" in text
    assert "Genom insatser 8 < 5 < 5 16" in text
    assert "Planerat 20 18 2 40" in text  # a plan reveals nobody: as entered
    assert "Vid evenemang – – – < 5" in text
    assert "Evenemang registrerar inte kön" in text
    english = signed_in(reached.coordinator).get(report_url(reached, format="pdf", lang="en"))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(english.content)).pages)
    assert "Women Men Other/not stated Total" in text and "Through interventions 8 < 5 < 5 16" in text


def test_the_report_xlsx_cells(reached):
    response = signed_in(reached.coordinator).get(report_url(reached, format="xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    first = book.worksheets[0]
    row = dict(zip([c.value for c in first[1]], [c.value for c in first[2]], strict=True))
    assert row["Nådda personer genom insatser, kvinnor"] == 8
    assert row["Nådda personer genom insatser, män"] == "< 5"
    assert row["Nådda personer genom insatser, annat/ej angivet"] == "< 5"
    assert row["Nådda personer genom insatser, totalt"] == 16
    assert row["Nådda personer, planerat, kvinnor"] == 20
    assert row["Nådda personer, planerat, totalt"] == 40
    assert row["Nådda personer vid evenemang, totalt"] == "< 5"
    assert not any(str(name).startswith("Nådda personer vid evenemang, kvinnor") for name in row)
    sheet = book["Nådda personer"]
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    assert rows[2] == [None, "Kvinnor", "Män", "Annat/ej angivet", "Totalt"]
    assert rows[3] == ["Planerat", 20, 18, 2, 40]
    assert rows[4] == ["Genom insatser", 8, "< 5", "< 5", 16]
    assert rows[5] == ["Vid evenemang", None, None, None, "< 5"]
    assert "Evenemang registrerar inte kön" in rows[-1][0]


def test_the_api_has_the_same_table(reached):
    world = reached
    path = f"/api/v1/reporting/platforms/{world.platform.slug}/figures?year={YEAR}"
    steering = signed_in(world.steering).get(path).json()
    table = next(t for t in steering["tables"] if t["key"] == "people_reached")
    interventions = next(r for r in table["rows"] if r["key"] == "interventions")
    assert interventions["cells"] == [
        {"value": 8, "hidden": False},
        {"value": None, "hidden": True},
        {"value": None, "hidden": True},
    ]
    events = next(r for r in table["rows"] if r["key"] == "events")
    assert events["cells"] == [{"value": None, "hidden": False}] * 3
    assert events["total"] == {"value": None, "hidden": True}
    assert "kön" in table["note"]
    exact = signed_in(world.coordinator).get(path).json()
    events = next(
        r
        for r in next(t for t in exact["tables"] if t["key"] == "people_reached")["rows"]
        if r["key"] == "events"
    )
    assert events["total"] == {"value": 3, "hidden": False}
    report = (
        signed_in(world.coordinator)
        .get(f"/api/v1/reporting/platforms/{world.platform.slug}/report?year={YEAR}")
        .json()
    )
    fields = {f["name"]: f["value"] for f in report["fields"]}
    assert fields["Nådda personer genom insatser, kvinnor"] == 8
    assert fields["Nådda personer genom insatser, män"] == "< 5"


def test_the_public_sees_the_table_protected(reached):
    response = Client().get(
        reverse("reporting-public-platform", args=[reached.platform.slug]) + f"?year={YEAR}"
    )
    shown = response.context["board"].people_reached
    assert shown.suppressed and shown.cells[1][2].hidden
    assert 'id="table-people_reached"' in response.content.decode()


@pytest.mark.parametrize(
    ("value", "swedish", "english"),
    [
        ("-3", "Ett antal kan inte vara negativt.", "A count cannot be negative."),
        ("tjugo", "Ange ett heltal.", "Enter a whole number."),
    ],
)
def test_bad_planned_counts_are_refused_next_to_the_field(world, value, swedish, english):
    for language, message in (("sv", swedish), ("en", english)):
        world.coordinator.language = language
        world.coordinator.save()
        response = signed_in(world.coordinator).post(
            report_url(world), {"people_planned_women": value, "people_planned_men": "4", "text": "T"}
        )
        assert response.status_code == 400
        html = response.content.decode()
        error = html.split('id="id_people_planned_women_error"', 1)[1].split("</div>", 1)[0]
        assert message in error
        assert f'value="{value}"' in html
    assert not FunderReport.objects.exists()


def test_the_report_form_groups_the_planned_counts(world):
    html = signed_in(world.coordinator).get(report_url(world)).content.decode()
    group = html.split('id="group-planned"', 1)[1].split("</fieldset>", 1)[0]
    assert "Planerat antal nådda personer" in group
    for label in ("Kvinnor", "Män", "Annat/ej angivet"):
        assert f">{label}</label>" in group


@pytest.mark.parametrize("scale", [1, 5])
def test_three_queries_whatever_the_data(world, scale, django_assert_num_queries):
    make_activity(world, scale=scale)
    for _n in range(scale):
        _reported(world, 1, 2, 3)
    with django_assert_num_queries(3):
        figures.people_reached([world.platform.pk], Period.year(YEAR))


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_the_planned_number_into_other_and_back(world):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    entry = FunderReport.objects.create(
        platform=world.platform, year=YEAR, people_planned_women=10, people_planned_men=5
    )
    empty = FunderReport.objects.create(platform=world.platform, year=YEAR - 1)
    table = FunderReport._meta.db_table
    try:
        MigrationExecutor(connection).migrate([("reporting", "0001_initial")])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT id, people_planned FROM {table} ORDER BY year DESC")
            assert cursor.fetchall() == [(entry.pk, 15), (empty.pk, None)]
            cursor.execute(f"UPDATE {table} SET people_planned = 40 WHERE id = %s", [entry.pk])
    finally:
        MigrationExecutor(connection).migrate([("reporting", "0002_people_planned_by_gender")])
    moved = FunderReport.objects.get(pk=entry.pk)
    assert (moved.people_planned_women, moved.people_planned_men, moved.people_planned_other) == (0, 0, 40)
    assert FunderReport.objects.get(pk=empty.pk).people_planned is None
