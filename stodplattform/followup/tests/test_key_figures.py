"""The key figures: the form and the service with good and bad input, the workflow with its
history, the export, the reminders and the panels (the demo data: portal/tests/test_demo.py)."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from stodplattform.core.audit import history_for
from stodplattform.followup import services
from stodplattform.followup.models import FiguresReminder, FigureStatus, KeyFigures
from stodplattform.followup.testing import VALUES, form_data, make_figures
from stodplattform.lib.numbers import parse_number

THIS_YEAR = timezone.localdate().year


# -- Numbers as people write them --------------------------------------------------------


@pytest.mark.parametrize(
    "text, value",
    [
        ("1 250 000,50", "1250000.50"),
        ("1\u00a0250\u00a0000,50", "1250000.50"),
        ("1\u202f250 000", "1250000"),
        ("1250000.50", "1250000.50"),
        ("−3 400", "-3400"),
        ("-3400,5", "-3400.5"),
        ("12 500 kr", "12500"),
        ("1.250.000,50", "1250000.50"),
        ("1,250,000.50", "1250000.50"),
        (",5", "0.5"),
    ],
)
def test_swedish_numbers_are_understood(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "1,2,3", "1 2,3,4", "--1", "12e3", "1.2.3", "kr"])
def test_what_is_not_a_number_is_refused(text):
    with pytest.raises(ValueError):
        parse_number(text)


# -- The service ---------------------------------------------------------------------------


def test_save_creates_then_updates_and_the_history_has_both(world):
    figures = services.save_key_figures(
        enterprise=world.enterprise_a, year=2025, values={"net_turnover": "1 250 000,50"}, by=world.manager_a
    )
    assert figures.net_turnover == Decimal("1250000.50")
    assert figures.status == FigureStatus.DRAFT
    again = services.save_key_figures(
        enterprise=world.enterprise_a, year=2025, values={"employees_women": "4"}, by=world.manager_a
    )
    assert again.pk == figures.pk
    assert again.net_turnover == Decimal("1250000.50"), "a figure left out keeps its value"
    entries = list(history_for(again))
    assert len(entries) == 2
    assert all(e.actor == world.manager_a for e in entries)
    assert "employees_women" in entries[0].changes_dict


def test_an_import_reports_the_figures_at_once(world):
    figures = services.save_key_figures(
        enterprise=world.enterprise_a, year=2024, values=VALUES, by=world.coordinator, source="import"
    )
    assert figures.status == FigureStatus.SUBMITTED
    assert figures.source == "import"
    assert figures.submitted_by == world.coordinator


BAD = [
    (
        {"employees_women": -1},
        "employees_women",
        "A count cannot be negative.",
        "Ett antal kan inte vara negativt.",
    ),
    ({"employees_men": "2,5"}, "employees_men", "Enter a whole number.", "Ange ett heltal."),
    (
        {"net_turnover": "mycket"},
        "net_turnover",
        "Enter a number, e.g. 1 250 000,50.",
        "Ange ett tal, till exempel 1 250 000,50.",
    ),
    ({"wage_bill": "-5"}, "wage_bill", None, None),
    (
        {"net_turnover": "1,005"},
        "net_turnover",
        "Enter at most two decimals (öre).",
        "Ange högst två decimaler (öre).",
    ),
    ({"occupied_women": 1, "target_group_women": 5}, "target_group_women", None, None),
    ({"employees_men": 2, "supported_employees_men": 3}, "supported_employees_men", None, None),
    ({"supervisors_other": 0, "supervisors_trained_other": 1}, "supervisors_trained_other", None, None),
    (
        {"net_turnover": "100", "sales_goods_services": "80", "sales_public_buyers": "30"},
        "sales_public_buyers",
        None,
        None,
    ),
    ({"shoe_size": 42}, "shoe_size", "Unknown figure.", "Okänt nyckeltal."),
]


@pytest.mark.parametrize("values, field, english, swedish", BAD)
def test_bad_values_name_the_field_in_both_languages_and_save_nothing(world, values, field, english, swedish):
    for language, message in (("en", english), ("sv", swedish)):
        with translation.override(language), pytest.raises(ValidationError) as error:
            services.save_key_figures(
                enterprise=world.enterprise_a, year=2025, values=values, by=world.manager_a
            )
        assert field in error.value.message_dict
        if message:
            assert error.value.message_dict[field] == [message]
    assert not KeyFigures.objects.exists()


def test_more_women_than_people_is_refused_and_the_existing_year_is_untouched(world):
    figures = make_figures(world)
    with pytest.raises(ValidationError) as error:
        services.save_key_figures(
            enterprise=world.enterprise_a,
            year=2025,
            values={"employees_women": 1, "supported_employees_women": 2},
            by=world.manager_a,
        )
    assert "supported_employees_women" in error.value.message_dict
    fresh = KeyFigures.objects.get(pk=figures.pk)
    assert fresh.employees_women == VALUES["employees_women"]
    assert len(list(history_for(fresh))) == 1


def test_a_future_year_or_one_before_the_founding_is_refused(world):
    world.enterprise_a.year_founded = 2019
    world.enterprise_a.save()
    for year, words in ((THIS_YEAR + 1, "has not begun"), (2018, "was founded in 2019")):
        with translation.override("en"), pytest.raises(ValidationError) as error:
            services.save_key_figures(enterprise=world.enterprise_a, year=year, values={}, by=world.manager_a)
        assert words in error.value.message_dict["year"][0]
    with translation.override("sv"), pytest.raises(ValidationError) as error:
        services.save_key_figures(enterprise=world.enterprise_a, year=2018, values={}, by=world.manager_a)
    assert "grundades 2019" in error.value.message_dict["year"][0]
    assert services.save_key_figures(enterprise=world.enterprise_a, year=2019, values={}, by=world.manager_a)
    assert services.save_key_figures(
        enterprise=world.enterprise_a, year=THIS_YEAR, values={}, by=world.manager_a
    )


def test_workflow_check_locks_and_reopen_needs_a_reason(world):
    figures = make_figures(world, state="submitted")
    assert figures.submitted_at and figures.status == FigureStatus.SUBMITTED
    with pytest.raises(ValidationError):
        services.check_key_figures(figures=figures, by=world.manager_a)
    figures = services.check_key_figures(figures=figures, by=world.coordinator)
    assert figures.checked_by == world.coordinator
    with pytest.raises(ValidationError) as error:
        services.save_key_figures(
            enterprise=world.enterprise_a, year=2025, values={"employees_women": 1}, by=world.coordinator
        )
    assert "__all__" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.reopen_key_figures(figures=figures, by=world.coordinator, reason="  ")
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.reopen_key_figures(figures=figures, by=world.manager_a, reason="Fel")
    figures = services.reopen_key_figures(figures=figures, by=world.coordinator, reason="Fel i lönesumman")
    assert figures.status == FigureStatus.SUBMITTED and figures.checked_at is None
    services.save_key_figures(
        enterprise=world.enterprise_a, year=2025, values={"wage_bill": "1 450 000"}, by=world.manager_a
    )
    changes = [e.changes_dict for e in history_for(figures)]
    assert changes[0]["wage_bill"] == ["1500000.00", "1450000.00"]
    assert changes[1]["reopen_reason"] == ["", "Fel i lönesumman"]
    assert changes[1]["status"] == ["checked", "submitted"]
    assert any(c.get("status") == ["submitted", "checked"] for c in changes)


# -- The pages ---------------------------------------------------------------------------------


def test_the_form_takes_swedish_amounts_and_reports(client, world):
    client.force_login(world.manager_a)
    url = reverse("followup-edit", args=[world.enterprise_a.slug, 2025])
    response = client.post(url, form_data(net_turnover="2 400 000,50", submit="1"))
    assert response.status_code == 302
    figures = KeyFigures.objects.get(enterprise=world.enterprise_a, year=2025)
    assert figures.net_turnover == Decimal("2400000.50")
    assert figures.status == FigureStatus.SUBMITTED
    assert figures.submitted_by == world.manager_a


def test_the_form_shows_every_error_by_its_field_keeps_what_was_typed_and_saves_nothing(client, world):
    client.force_login(world.manager_a)
    url = reverse("followup-edit", args=[world.enterprise_a.slug, 2025])
    data = form_data(net_turnover="12 kronor", employees_men="-2", supported_employees_women="9")
    response = client.post(url, data, headers={"Accept-Language": "sv"})
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert errors["net_turnover"] == ["Ange ett tal, till exempel 1 250 000,50."]
    assert errors["employees_men"] == ["Ett antal kan inte vara negativt."]
    assert "supported_employees_women" in errors
    html = response.content.decode()
    assert 'value="12 kronor"' in html and 'value="-2"' in html
    assert 'aria-invalid="true"' in html
    assert not KeyFigures.objects.exists()


def test_the_form_shows_last_years_values_and_the_definitions(client, world):
    make_figures(world, year=2024, net_turnover="2 999 000")
    client.force_login(world.manager_a)
    response = client.get(
        reverse("followup-edit", args=[world.enterprise_a.slug, 2025]), headers={"Accept-Language": "en"}
    )
    html = response.content.decode()
    assert "Last year" in html and "2,999,000.00 kr" in html
    assert "LOU 4 kap. 18 §" in html
    assert "SCB" in html


def test_a_future_year_in_the_address_is_not_there_and_the_year_box_explains(client, world):
    client.force_login(world.manager_a)
    assert (
        client.get(reverse("followup-edit", args=[world.enterprise_a.slug, THIS_YEAR + 1])).status_code == 404
    )
    page = reverse("followup-enterprise", args=[world.enterprise_a.slug])
    response = client.get(page, {"year": str(THIS_YEAR + 1)})
    assert response.status_code == 200
    assert response.context["year_form"].errors["year"]
    response = client.get(page, {"year": "2023"})
    assert response.status_code == 302
    assert response["Location"] == reverse("followup-edit", args=[world.enterprise_a.slug, 2023])


def test_the_target_group_share_is_shown_and_flagged_at_30_percent(client, world):
    # 7 of 11 occupied from the target group: 64 %.
    make_figures(world, year=2025)
    # 3 of 11: 27 %.
    make_figures(world, year=2024, target_group_women=2, target_group_men=1)
    client.force_login(world.coordinator)
    high = client.get(
        reverse("followup-year", args=[world.enterprise_a.slug, 2025]), headers={"Accept-Language": "en"}
    )
    assert high.context["share"] == 64
    assert "At least 30 %" in high.content.decode()
    low = client.get(
        reverse("followup-year", args=[world.enterprise_a.slug, 2024]), headers={"Accept-Language": "en"}
    )
    assert low.context["share"] == 27
    assert "Under 30 %" in low.content.decode()


def test_the_coordinator_checks_from_the_overview_and_reopens_with_a_reason(client, world):
    figures = make_figures(world, state="submitted")
    client.force_login(world.coordinator)
    overview = reverse("followup-overview", args=[world.platform.slug])
    response = client.post(
        reverse("followup-check", args=[world.enterprise_a.slug, 2025]), {"next": overview}
    )
    assert response["Location"] == overview
    assert KeyFigures.objects.get(pk=figures.pk).status == FigureStatus.CHECKED
    reopen = reverse("followup-reopen", args=[world.enterprise_a.slug, 2025])
    assert client.post(reopen, {"reason": ""}).status_code == 422
    assert KeyFigures.objects.get(pk=figures.pk).status == FigureStatus.CHECKED
    assert client.post(reopen, {"reason": "Fel\x00"}).status_code == 422
    assert client.post(reopen, {"reason": "Lönesumman var fel"}).status_code == 302
    figures.refresh_from_db()
    assert (figures.status, figures.reopen_reason) == (FigureStatus.SUBMITTED, "Lönesumman var fel")
    page = client.get(reverse("followup-year", args=[world.enterprise_a.slug, 2025])).content.decode()
    assert "Lönesumman var fel" in page


def test_a_checked_year_is_not_offered_for_changes(client, world):
    make_figures(world, state="checked")
    client.force_login(world.manager_a)
    url = reverse("followup-edit", args=[world.enterprise_a.slug, 2025])
    assert client.get(url).status_code == 302
    assert client.post(url, form_data(employees_women="1")).status_code == 302
    assert KeyFigures.objects.get().employees_women == VALUES["employees_women"]


def test_the_overview_marks_missing_and_the_due_date_is_the_platforms(client, world):
    make_figures(world, year=services.last_year(), state="submitted")
    client.force_login(world.coordinator)
    response = client.post(
        reverse("followup-due-date", args=[world.platform.slug]), {"day": "30", "month": "2"}
    )
    assert response.status_code == 422
    assert "day" in response.context["form"].errors
    response = client.post(
        reverse("followup-due-date", args=[world.platform.slug]), {"day": "15", "month": "4"}
    )
    assert response.status_code == 302
    assert services.due_date(world.platform, 2025) == datetime.date(2026, 4, 15)
    assert services.due_date(world.other_platform, 2025) == datetime.date(2026, 3, 31)
    response = client.get(reverse("followup-overview", args=[world.platform.slug]))
    rows = {row.enterprise.slug: row.cells for row in response.context["rows"]}
    assert rows[world.enterprise_a.slug][-1][1].status == FigureStatus.SUBMITTED
    assert rows[world.enterprise_b.slug][-1][1] is None
    assert world.other_enterprise.slug not in rows


# -- Export --------------------------------------------------------------------------------------


def test_csv_is_for_swedish_excel(client, world):
    make_figures(world, year=2024, result_after_financial_items="-12 500,50")
    make_figures(world, year=2025, state="checked")
    client.force_login(world.manager_a)
    response = client.get(
        reverse("followup-export", args=[world.enterprise_a.slug, "csv"]), headers={"Accept-Language": "sv"}
    )
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))
    header, first, second = rows
    assert header[:4] == ["Företag", "År", "Status", "Nettoomsättning (kr)"]
    assert [first[1], second[1]] == ["2024", "2025"]
    assert first[3] == "2400000,00"
    assert first[header.index("Resultat efter finansiella poster (kr)")] == "-12500,50"
    assert second[2] == "Granskade"
    assert first[header.index("Anställda vid årets slut: totalt")] == "6"


def test_xlsx_has_numbers(client, world):
    make_figures(world, year=2025)
    client.force_login(world.coordinator)
    response = client.get(reverse("followup-export", args=[world.enterprise_a.slug, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[1][:2] == ("Återbruket A", 2025)
    assert rows[1][3] == 2400000


def test_an_unknown_export_format_is_not_there(client, world):
    client.force_login(world.manager_a)
    assert client.get(reverse("followup-export", args=[world.enterprise_a.slug, "pdf"])).status_code == 404


# -- Reminders and panels ---------------------------------------------------------------------


def test_reminders_go_once_to_each_manager_in_their_language(world, settings):
    settings.SITE_URL = "https://stod.example"
    world.manager_a.language = "en"
    world.manager_a.save()
    on = datetime.date(2026, 3, 10)  # three weeks before the figures for 2025 are due
    make_figures(world, enterprise=world.enterprise_b, year=2025, state="submitted")
    assert services.send_key_figure_reminders(on=datetime.date(2026, 2, 1)) == 0, "too early"
    sent = services.send_key_figure_reminders(on=on)
    # Enterprise A (manager A); the hidden one and the other platform's have no manager; B has reported.
    assert sent == 1
    message = mail.outbox[0]
    assert message.to == [world.manager_a.email]
    assert "Reminder: the key figures of Återbruket A for 2025" in message.subject
    assert "31 March 2026" in message.body
    assert "https://stod.example/nyckeltal/foretag/aterbruket-a/2025/redigera/" in message.body
    assert services.send_key_figure_reminders(on=on) == 0, "safe to run twice"
    assert FiguresReminder.objects.count() == 1
    world.manager_a.language = "sv"
    world.manager_a.save()
    FiguresReminder.objects.all().delete()
    services.send_key_figure_reminders(on=datetime.date(2026, 4, 2))
    assert mail.outbox[-1].subject.startswith("Försenat: nyckeltalen för Återbruket A för 2025")
    assert "31 mars 2026" in mail.outbox[-1].body


def test_the_reminder_command_is_safe_to_run_twice(world, capsys):
    call_command("remind_key_figures")
    call_command("remind_key_figures")
    assert FiguresReminder.objects.count() == len({m.to[0] for m in mail.outbox}) == len(mail.outbox)


def test_start_page_panels(client, world):
    year = services.last_year()
    make_figures(world, year=year, state="submitted")
    client.force_login(world.manager_b)
    html = client.get(reverse("portal-start"), headers={"Accept-Language": "en"}).content.decode()
    assert f"Enter the figures for {year}" in html
    client.force_login(world.manager_a)
    html = client.get(reverse("portal-start"), headers={"Accept-Language": "en"}).content.decode()
    assert "Self-reported" in html and f"Enter the figures for {year}" not in html
    client.force_login(world.coordinator)
    html = client.get(reverse("portal-start"), headers={"Accept-Language": "en"}).content.decode()
    assert "1 year of figures to check" in html
    # B and the hidden enterprise have not reported.
    assert f"2 enterprises have not reported {year}" in html
    for persona in ("steering", "observer", "coopted"):
        client.force_login(getattr(world, persona))
        html = client.get(reverse("portal-start"), headers={"Accept-Language": "en"}).content.decode()
        assert "Key figures" not in html, persona


# -- API: bad input and the workflow --------------------------------------------------------------


def test_api_bad_input_names_the_field_and_saves_nothing(world):
    from stodplattform.followup.tests.test_permissions import api_for

    api = api_for(world, "manager_a", language="en")
    response = api.send(
        "post",
        "/api/v1/followup/key-figures",
        {
            "enterprise": world.enterprise_a.slug,
            "year": 2025,
            "figures": {"employees_women": -1, "net_turnover": "1 250 000,50"},
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"employees_women": ["A count cannot be negative."]}
    response = api.send(
        "post", "/api/v1/followup/key-figures", {"enterprise": world.enterprise_a.slug, "year": THIS_YEAR + 1}
    )
    assert response.status_code == 422 and "year" in response.json()["errors"]
    response = api.send(
        "post",
        "/api/v1/followup/key-figures",
        {"enterprise": world.enterprise_a.slug, "year": 2025, "figures": {"nope": 1}},
    )
    assert response.status_code == 422
    # The fuzzer's: a number past what the column holds was a 500 (Decimal's precision overflowed).
    response = api.send(
        "post",
        "/api/v1/followup/key-figures",
        {
            "enterprise": world.enterprise_a.slug,
            "year": 2025,
            "figures": {
                "sales_public_buyers": -1.3190848306243878e102,
                "employees_men": 2**31,
                "grants": "Infinity",
            },
        },
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "sales_public_buyers": ["The number is too large."],
        "employees_men": ["The number is too large."],
        "grants": ["Enter a number, e.g. 1 250 000,50."],
    }
    assert not KeyFigures.objects.exists()
    response = api.send(
        "post",
        "/api/v1/followup/key-figures",
        {
            "enterprise": world.enterprise_a.slug,
            "year": 2025,
            "figures": {"net_turnover": "1 250 000,50"},
            "submit": True,
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "submitted" and body["figures"]["net_turnover"] == "1250000.50"
    again = api.send(
        "post", "/api/v1/followup/key-figures", {"enterprise": world.enterprise_a.slug, "year": 2025}
    )
    assert again.status_code == 422 and "PATCH" in again.json()["errors"]["year"][0]


def test_two_writers_at_once_get_a_message_not_an_error(world, monkeypatch):
    """The second of two creations of the same year meets the unique constraint: a message, nothing saved."""
    first = make_figures(world)

    class Unseen:
        def filter(self, **kwargs):
            return KeyFigures.objects.none()

    monkeypatch.setattr(KeyFigures.objects, "select_for_update", lambda: Unseen())
    monkeypatch.setattr(KeyFigures, "validate_constraints", lambda self, exclude=None: None)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.save_key_figures(enterprise=world.enterprise_a, year=2025, values={}, by=world.manager_a)
    assert "entered just now by someone else" in error.value.message_dict["year"][0]
    assert KeyFigures.objects.get().pk == first.pk
