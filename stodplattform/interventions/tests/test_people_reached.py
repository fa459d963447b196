"""The final report counts the people reached by gender (women, men, other/not stated): the
form and the API refuse bad counts next to the field, in Swedish and English, and save nothing;
the total is always the sum of the three."""

import pytest
from django.urls import reverse

from stodplattform.interventions.models import Intervention, Status
from stodplattform.interventions.testing import make_budget, make_intervention

from .test_api import api_for

GOOD = {
    "done": "Kursen hölls",
    "people_reached_women": "3",
    "people_reached_men": "4",
    "people_reached_other": "1",
    "assessment": "Bra",
}


@pytest.fixture
def approved(world):
    make_budget(world.platform)
    return make_intervention(world, state="approved", requested="1000.00")


def _report_url(intervention):
    return reverse("interventions-report", args=[intervention.pk])


def test_the_report_saves_three_counts_and_their_total(client, world, approved):
    client.force_login(world.manager_a)
    form = client.get(_report_url(approved)).content.decode()
    # One group with a legend, each count with its own label.
    assert "<legend" in form and "Nådda personer" in form
    for label in ("Kvinnor", "Män", "Annat/ej angivet"):
        assert f">{label}</label>" in form
    response = client.post(_report_url(approved), {**GOOD, "people_reached_women": " 3 "})
    assert response.status_code == 302
    saved = Intervention.objects.get(pk=approved.pk)
    assert (saved.people_reached_women, saved.people_reached_men, saved.people_reached_other) == (3, 4, 1)
    assert saved.people_reached == 8
    assert saved.status == Status.REPORTED
    page = client.get(saved.get_absolute_url()).content.decode()
    assert "Totalt 8: kvinnor 3, män 4, annat/ej angivet 1" in page


def test_before_the_report_there_is_no_total(world, approved):
    assert approved.people_reached is None


@pytest.mark.parametrize(
    ("field", "value", "swedish", "english"),
    [
        ("people_reached_women", "-1", "Ett antal kan inte vara negativt.", "A count cannot be negative."),
        ("people_reached_men", "tre", "Ange ett heltal.", "Enter a whole number."),
        ("people_reached_other", "2,5", "Ange ett heltal.", "Enter a whole number."),
        ("people_reached_women", "", "Ange ett antal, 0 om inga.", "Enter a number, 0 if none."),
        ("people_reached_men", "100001", "100000", "100000"),
    ],
)
def test_bad_counts_are_refused_next_to_the_field(client, world, approved, field, value, swedish, english):
    for language, message in (("sv", swedish), ("en", english)):
        world.manager_a.language = language
        world.manager_a.save()
        client.force_login(world.manager_a)
        response = client.post(_report_url(approved), {**GOOD, field: value})
        assert response.status_code == 200
        html = response.content.decode()
        # The message sits next to its field, tied to it for screen readers.
        error = html.split(f'id="id_{field}_error"', 1)[1].split("</div>", 1)[0]
        assert message in error, (language, error)
        assert f'aria-describedby="id_{field}_error"' in html
        assert f'value="{value}"' in html or not value  # what was typed is kept
    saved = Intervention.objects.get(pk=approved.pk)
    assert saved.status == Status.APPROVED
    assert saved.people_reached_women is None and saved.report_done == ""


def test_the_api_reports_by_gender(world, approved):
    response = api_for(world, "manager_a").post(
        f"/{approved.pk}/report",
        {
            "done": "D",
            "people_reached_women": 2,
            "people_reached_men": 0,
            "people_reached_other": 5,
            "assessment": "A",
        },
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["people_reached_women"], data["people_reached_men"], data["people_reached_other"]) == (
        2,
        0,
        5,
    )
    assert data["people_reached"] == 7


@pytest.mark.parametrize(
    ("value", "language", "message"),
    [
        (-1, "sv", "Ett antal kan inte vara negativt."),
        (-1, "en", "A count cannot be negative."),
        (100001, "sv", "100000"),
        ("tre", "sv", None),
        (2.5, "en", None),
        (None, "sv", None),
    ],
)
def test_the_api_refuses_bad_counts(world, approved, value, language, message):
    body = {"done": "D", "people_reached_women": 1, "people_reached_men": 1, "people_reached_other": 1}
    body = {**body, "assessment": "A", "people_reached_men": value}
    response = api_for(world, "manager_a", language).post(f"/{approved.pk}/report", body)
    assert response.status_code == 422, response.content
    if message:
        assert message in " ".join(response.json()["errors"]["people_reached_men"])
    saved = Intervention.objects.get(pk=approved.pk)
    assert saved.status == Status.APPROVED and saved.people_reached is None


def test_the_openapi_document_describes_the_counts(world):
    schema = api_for(world, "coordinator").client.get("/api/v1/openapi.json").json()
    schemas = schema["components"]["schemas"]
    report_in = next(v for k, v in schemas.items() if k.endswith("ReportIn"))
    assert set(report_in["required"]) >= {
        "people_reached_women",
        "people_reached_men",
        "people_reached_other",
    }
    assert "people_reached" not in report_in["properties"]
    out = next(v for k, v in schemas.items() if k.endswith("InterventionOut"))
    assert "sum" in out["properties"]["people_reached"]["description"]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_moves_a_total_into_other_and_back(world):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    make_budget(world.platform)
    reported = make_intervention(world, state="reported", requested="1000.00")  # 2 + 1 + 1
    before = ("interventions", "0003_expense_review_and_decision_register")
    after = ("interventions", "0004_people_reached_by_gender")
    table = Intervention._meta.db_table
    try:
        MigrationExecutor(connection).migrate([before])
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT people_reached FROM {table} WHERE id = %s", [reported.pk])
            assert cursor.fetchone() == (4,)  # back: the sum
            cursor.execute(f"UPDATE {table} SET people_reached = 9 WHERE id = %s", [reported.pk])
    finally:
        MigrationExecutor(connection).migrate([after])
    moved = Intervention.objects.get(pk=reported.pk)
    assert (moved.people_reached_women, moved.people_reached_men, moved.people_reached_other) == (0, 0, 9)
    assert moved.people_reached == 9
    assert make_intervention(world, state="approved").people_reached is None
