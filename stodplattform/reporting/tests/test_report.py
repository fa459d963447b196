"""The yearly report to the funder: the coordinator's part, PDF and XLSX read back, the same
numbers as the dashboard, an empty year and a year without budget."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from stodplattform.reporting.models import (
    TEXT_LINE_CHARS,
    TEXT_MAX_LENGTH,
    TEXT_MAX_LINES,
    FunderReport,
    printed_lines,
)
from stodplattform.reporting.report import report_context
from stodplattform.reporting.testing import YEAR, make_activity


@pytest.fixture
def activity(world):
    return make_activity(world)


def url(world, **query):
    return (
        reverse("reporting-report", args=[world.platform.slug])
        + "?"
        + "&".join(f"{k}={v}" for k, v in query.items())
    )


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_coordinator_writes_the_text(world, activity):
    client = signed_in(world.coordinator)
    response = client.post(
        url(world, year=YEAR),
        {
            "staff_hours": "1200,5",
            "staff_cost": "650000",
            "other_costs": "80000",
            "people_planned_women": "20",
            "people_planned_men": "15",
            "people_planned_other": "5",
            "text": "Året i korthet.",
        },
    )
    assert response.status_code == 302
    entry = FunderReport.objects.get(platform=world.platform, year=YEAR)
    assert entry.text == "Året i korthet." and entry.people_planned == 40
    assert (entry.people_planned_women, entry.people_planned_men, entry.people_planned_other) == (20, 15, 5)
    too_long = client.post(url(world, year=YEAR), {"text": "x" * 7001, "staff_cost": "-5"})
    assert too_long.status_code == 400
    assert FunderReport.objects.get(pk=entry.pk).text == "Året i korthet."
    assert "x" * 7001 in too_long.content.decode()  # what was typed is kept


PROSE = (
    "Under året har plattformen stött företagen med affärsutveckling, handledarutbildning och "
    "ansökningar om finansiering. Vi har hållit nätverksträffar varje månad och följt upp "
    "företagens nyckeltal tillsammans med kommunen och Arbetsförmedlingen. "
)


def text_at_the_limit(paragraph: int) -> str:
    """TEXT_MAX_LENGTH characters of prose in paragraphs of about ``paragraph`` characters with an
    empty line between them, ending in the word SLUTORD, and no more printed lines than allowed."""
    paragraphs, text = [], ""
    while len(text) < TEXT_MAX_LENGTH:
        paragraphs.append((PROSE * 60)[len(paragraphs) % 7 :][:paragraph].strip())
        text = "\n\n".join(paragraphs)
    text = text[: TEXT_MAX_LENGTH - len(" SLUTORD")].rstrip() + " SLUTORD"
    return text.ljust(TEXT_MAX_LENGTH, ".")


def pages_with(content: bytes, word: str) -> list[int]:
    reader = PdfReader(io.BytesIO(content))
    return [n for n, page in enumerate(reader.pages, start=1) if word in page.extract_text()]


@pytest.mark.parametrize(
    "text",
    [
        # Long paragraphs: the characters are the limit.
        pytest.param(text_at_the_limit(800), id="7000-characters"),
        # Many short lines (a list): the printed lines are.
        pytest.param("\n".join(["– en punkt i listan"] * (TEXT_MAX_LINES - 1) + ["SLUTORD"]), id="100-lines"),
        # Both at once: full lines of ordinary text, and as many empty lines as the limit allows.
        pytest.param(
            "\n".join(
                [(PROSE * 2)[n : n + TEXT_LINE_CHARS] for n in range(TEXT_MAX_LENGTH // TEXT_LINE_CHARS - 1)]
                + [""] * (TEXT_MAX_LINES - TEXT_MAX_LENGTH // TEXT_LINE_CHARS)
                + ["SLUTORD"]
            ),
            id="both",
        ),
    ],
)
def test_a_text_at_the_limit_takes_at_most_two_pages(world, activity, text):
    """The coordinator's account at its limit is accepted and ends on the PDF's second page at the
    latest (it starts on the first, under the title)."""
    assert len(text) <= TEXT_MAX_LENGTH and printed_lines(text) <= TEXT_MAX_LINES
    client = signed_in(world.coordinator)
    assert client.post(url(world, year=YEAR), {"text": text}).status_code == 302
    assert FunderReport.objects.get(platform=world.platform, year=YEAR).text == text.replace("\r", "")
    response = client.get(url(world, year=YEAR, format="pdf"))
    assert pages_with(response.content, "Samordnarens redovisning") == [1]
    assert pages_with(response.content, "SLUTORD") in ([1], [2])


def test_a_longer_text_is_refused_with_what_to_do(world, activity):
    client = signed_in(world.coordinator)
    page = client.get(url(world, year=YEAR)).content.decode()
    assert "Högst 7 000 tecken och 100 rader i utskrift" in page.replace("\xa0", " ")
    assert 'maxlength="7000"' not in page  # a browser would cut a pasted text short, silently

    too_long = text_at_the_limit(800) + "!"
    response = client.post(url(world, year=YEAR), {"text": too_long})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Texten har 7001 tecken: högst 7000 får plats på två sidor i rapporten." in page
    assert too_long in page  # what was typed is kept
    assert 'aria-invalid="true"' in page and 'id="id_text_error"' in page

    lines = "\n".join(["– en punkt i listan"] * (TEXT_MAX_LINES + 1))
    response = client.post(url(world, year=YEAR), {"text": lines})
    assert response.status_code == 400
    assert (
        "Texten skulle ta ungefär 101 rader i rapporten: två sidor rymmer 100." in response.content.decode()
    )
    response = client.post(url(world, year=YEAR), {"text": lines}, HTTP_ACCEPT_LANGUAGE="en")
    assert (
        "The text would take about 101 lines in the report: two pages hold 100." in response.content.decode()
    )
    assert not FunderReport.objects.filter(platform=world.platform, year=YEAR).exists()


def test_pdf_text_read_back(world, activity):
    FunderReport.objects.create(
        platform=world.platform, year=YEAR, text="Vi nådde fler än väntat.", staff_cost=1000
    )
    response = signed_in(world.coordinator).get(url(world, year=YEAR, format="pdf"))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Vi nådde fler än väntat." in text
    assert "Rapport till finansiären" in text
    assert "< 5" in text
    assert "100 000,00 kr" in text.replace("\xa0", " ")


def test_cases_by_category_are_the_month_tables_totals(world, activity):
    """The report sums the cases by category (the months are in the XLSX): exactly the month
    tables' totals as those show them, hidden where they hide them, nothing they do not show."""
    context = report_context(world.platform, YEAR)
    board, cases = context["board"], context["cases"]
    for column, months in enumerate((board.cases_opened, board.cases_closed)):
        assert [row[column] for row in cases.cells] == months.row_totals
        assert cases.column_totals[column] == months.total
    assert cases.has_hidden and cases.suppressed
    assert [label for _k, label in cases.table.rows] == [label for _k, label in board.cases_opened.table.rows]
    response = signed_in(world.coordinator).get(url(world, year=YEAR, format="pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Ärenden per kategori" in text and "Öppnade ärenden" not in text
    book = load_workbook(
        io.BytesIO(signed_in(world.coordinator).get(url(world, year=YEAR, format="xlsx")).content)
    )
    assert "Öppnade ärenden" in book.sheetnames


def test_interim_pdf(world, activity):
    response = signed_in(world.coordinator).get(url(world, year=YEAR, half=1, format="pdf"))
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Delrapport till finansiären" in text


def test_xlsx_columns_for_the_funder(world, activity):
    FunderReport.objects.create(
        platform=world.platform,
        year=YEAR,
        people_planned_women=20,
        people_planned_men=18,
        people_planned_other=2,
        staff_cost=1000,
    )
    response = signed_in(world.coordinator).get(url(world, year=YEAR, format="xlsx"))
    book = load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    row = dict(zip([c.value for c in sheet[1]], [c.value for c in sheet[2]], strict=True))
    assert row["Insats"] == world.platform.name
    assert row["År"] == YEAR
    assert row["Budget, riktade insatser (kr)"] == 100000
    # People reached, one plain column each: the plan as entered (a plan reveals nobody), the
    # people reached as protected as in the tables.
    assert row["Nådda personer, planerat, kvinnor"] == 20
    assert row["Nådda personer, planerat, män"] == 18
    assert row["Nådda personer, planerat, annat/ej angivet"] == 2
    assert row["Nådda personer, planerat, totalt"] == 40
    assert row["Nådda personer genom insatser, totalt"] == 0
    assert row["Nådda personer vid evenemang, totalt"] == "< 5"  # 3 checked in
    assert "Planerat antal deltagare" not in row
    assert row["Anställda i företagen, kvinnor"] == 8
    assert row["Anställda i företagen, annat eller ej angivet"] == "< 5"


def test_numbers_equal_the_dashboard(world, activity):
    """The report is the steering group's dashboard: the same functions, the same protection."""
    report = report_context(world.platform, YEAR)
    board = (
        signed_in(world.steering)
        .get(reverse("reporting-dashboard", args=[world.platform.slug]) + f"?year={YEAR}")
        .context["board"]
    )
    for mine, theirs in zip(
        report["board"].tables,
        [t for t in board.tables if t.key != "support_time_by_enterprise"],
        strict=True,
    ):
        assert mine.key == theirs.key
        assert [[c.export for c in row] for row in mine.cells] == [
            [c.export for c in row] for row in theirs.cells
        ]
    assert report["board"].budget.left == board.budget.left


def test_an_empty_year_and_no_budget(world):
    client = signed_in(world.coordinator)
    response = client.get(url(world, year=2019))
    assert response.status_code == 200
    assert "Det finns ingen budget för 2019" in response.content.decode()
    assert client.get(url(world, year=2019, format="pdf")).status_code == 200
    assert client.get(url(world, year=2019, format="xlsx")).status_code == 200
    assert client.get(url(world, year="tjugo")).status_code == 400
    assert client.get(url(world, year=YEAR, half=3)).status_code == 400


@pytest.mark.parametrize("scale", [1, 5])
def test_report_queries_do_not_grow(world, scale, django_assert_max_num_queries):
    make_activity(world, scale=scale)
    client = signed_in(world.coordinator)
    with django_assert_max_num_queries(30):
        assert client.get(url(world, year=YEAR)).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(url(world, year=YEAR, format="xlsx")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(url(world, year=YEAR, format="pdf")).status_code == 200
