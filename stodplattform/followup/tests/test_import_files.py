"""Key figures from a spreadsheet: good and bad XLSX and CSV files, a preview with every row's
errors, nothing saved until the whole file is valid, the import in the audit history."""

import io
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from stodplattform.enterprises.testing import make_enterprise
from stodplattform.followup import imports
from stodplattform.followup.models import FigureStatus, KeyFigures
from stodplattform.lib.orgnr import luhn_complete

YEAR = timezone.localdate().year - 1
HEADER = [
    "Organisationsnummer",
    "År",
    "Nettoomsättning (kr)",
    "Varav försäljning av varor och tjänster (kr)",
    "Anställda vid årets slut, kvinnor",
    "Anställda vid årets slut, män",
    "Varav med lönebidrag eller annat anställningsstöd, kvinnor",
    "Anställda i heltidsekvivalenter",
]


@pytest.fixture
def scene(world):
    world.enterprise_b.org_number = luhn_complete("769600002")
    world.enterprise_b.save()
    world.other_enterprise.org_number = luhn_complete("769600003")
    world.other_enterprise.save()
    return world


def xlsx(rows, header=HEADER) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, header=HEADER) -> bytes:
    lines = [";".join(header)] + [";".join(str(c) for c in row) for row in rows]
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def upload(client, name, content, language="sv"):
    return client.post(
        reverse("followup-import"),
        {"file": SimpleUploadedFile(name, content)},
        headers={"Accept-Language": language},
    )


def good_rows(world):
    a, b = world.enterprise_a.org_number, world.enterprise_b.org_number
    return [
        [a, YEAR - 1, "1 250 000,50", "1 000 000", 3, 2, 1, "4,5"],
        [a, YEAR, 1400000.5, 1200000, 4, 2, 2, 5],
        [b.replace("-", ""), YEAR, "800\u00a0000,00 kr", "", 1, 1, 0, ""],
    ]


@pytest.mark.parametrize("name, make", [("nyckeltal.xlsx", xlsx), ("nyckeltal.csv", csv_bytes)])
def test_a_good_file_is_previewed_then_saved_whole_and_in_the_history(client, scene, name, make):
    client.force_login(scene.coordinator)
    response = upload(client, name, make(good_rows(scene)))
    result = response.context["result"]
    assert result.valid, [(r.number, r.errors) for r in result.rows]
    assert 'id="import-save"' in response.content.decode()
    assert not KeyFigures.objects.exists()  # the preview saves nothing

    saved = client.post(reverse("followup-import-save"))
    assert saved.status_code == 302
    figures = KeyFigures.objects.get(enterprise=scene.enterprise_a, year=YEAR - 1)
    assert figures.net_turnover == Decimal("1250000.50")
    assert figures.employees_fte == Decimal("4.5")
    assert (figures.employees_women, figures.employees_men, figures.supported_employees_women) == (3, 2, 1)
    assert figures.status == FigureStatus.SUBMITTED and figures.submitted_by == scene.coordinator
    b = KeyFigures.objects.get(enterprise=scene.enterprise_b, year=YEAR)
    assert b.net_turnover == Decimal("800000.00") and b.sales_goods_services is None
    assert KeyFigures.objects.count() == 3
    entries = LogEntry.objects.filter(content_type__model="keyfigures")
    assert entries.count() == 3 and set(entries.values_list("actor", flat=True)) == {scene.coordinator.pk}
    # The kept file is gone once saved; saving again asks for the file.
    again = client.post(reverse("followup-import-save"))
    assert again.status_code == 302 and KeyFigures.objects.count() == 3


def test_a_file_with_one_bad_row_saves_nothing_and_names_every_rows_errors(client, scene):
    a, o = scene.enterprise_a.org_number, scene.other_enterprise.org_number
    rows = [
        [a, YEAR, "1 250 000,50", "", 3, 2, 1, ""],  # row 2: fine
        [a, YEAR, "1000", "", 1, 1, 0, ""],  # row 3: the same enterprise and year again
        ["12345-678", YEAR, "", "", 0, 0, 0, ""],  # row 4: not a valid number
        [luhn_complete("769600009"), YEAR, "", "", 0, 0, 0, ""],  # row 5: nobody has it
        [o, YEAR, "", "", 0, 0, 0, ""],  # row 6: another platform's enterprise
        [scene.enterprise_b.org_number, YEAR + 2, "mycket", "", "tre", -1, 0, "1,25"],  # row 7
        [scene.enterprise_b.org_number, YEAR - 1, "100", "200", 1, 0, 2, ""],  # row 8: parts > totals
    ]
    client.force_login(scene.coordinator)
    response = upload(client, "fel.xlsx", xlsx(rows), language="en")
    result = response.context["result"]
    errors = {r.number: " | ".join(r.errors) for r in result.rows}
    assert not result.valid and result.rows_with_errors == 6
    assert errors[2] == ""
    assert "same enterprise and year as row 2" in errors[3]
    assert "Not a valid organisation number" in errors[4]
    assert "No enterprise has organisation number" in errors[5]
    assert "outside your platforms" in errors[6]
    assert "cannot be in the future" in errors[7]
    assert "Write an amount in kronor" in errors[7]
    assert "Write a whole number" in errors[7] and "Cannot be negative" in errors[7]
    assert "at most one decimal" in errors[7]
    assert "Cannot be more than the total" in errors[8]
    assert "parts of the net turnover" in errors[8]
    html = response.content.decode()
    assert 'id="import-errors"' in html and 'id="import-save"' not in html
    assert client.post(reverse("followup-import-save")).status_code == 302
    assert not KeyFigures.objects.exists()


def test_the_messages_are_in_swedish_too(client, scene):
    client.force_login(scene.coordinator)
    rows = [[luhn_complete("769600009"), YEAR, "x", "", 0, 0, 0, ""]]
    response = upload(client, "fel.csv", csv_bytes(rows))
    errors = " | ".join(response.context["result"].rows[0].errors)
    assert "Inget företag har organisationsnummer" in errors
    assert "Skriv ett belopp i kronor" in errors


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("fel.csv", csv_bytes([], header=["Org", "År"]), "Unknown columns"),
        (
            "fel.csv",
            csv_bytes([["1", "2"]], header=["Nettoomsättning (kr)", "Lönesumma (kr)"]),
            "Missing columns",
        ),
        ("fel.csv", csv_bytes([], header=["Organisationsnummer", "År", "År"]), "appears twice"),
        ("fel.csv", csv_bytes([]), "no rows"),
        ("fel.csv", b";;\r\n;;\r\n", "empty"),
        ("fel.csv", "Organisationsnummer;År\n".encode("utf-16"), "UTF-8"),
        ("fel.xlsx", b"not a zip", "not an Excel"),
        ("fel.xlsx", b"PK\x03\x04broken", "could not be read"),
    ],
)
def test_a_file_that_cannot_be_read_says_why(client, scene, name, content, message):
    client.force_login(scene.coordinator)
    response = upload(client, name, content, language="en")
    result = response.context["result"]
    assert any(message in e for e in result.file_errors), result.file_errors
    assert 'id="file-errors"' in response.content.decode()
    assert not KeyFigures.objects.exists()


def test_the_wrong_kind_of_file_is_refused_next_to_the_field(client, scene):
    client.force_login(scene.coordinator)
    response = upload(client, "nyckeltal.pdf", b"%PDF-1.4")
    assert "id_file_error" in response.content.decode()
    assert response.context["result"] is None


def test_a_checked_year_is_not_replaced(client, scene):
    KeyFigures.objects.create(enterprise=scene.enterprise_a, year=YEAR, status=FigureStatus.CHECKED)
    client.force_login(scene.coordinator)
    rows = [[scene.enterprise_a.org_number, YEAR, "100", "", 0, 0, 0, ""]]
    result = upload(client, "nyckeltal.csv", csv_bytes(rows), language="en").context["result"]
    assert "have been checked" in result.rows[0].errors[0]


def test_an_existing_draft_is_replaced(client, scene):
    KeyFigures.objects.create(enterprise=scene.enterprise_a, year=YEAR, employees_men=9)
    client.force_login(scene.coordinator)
    rows = [[scene.enterprise_a.org_number, YEAR, "100", "", 1, 1, 0, ""]]
    upload(client, "nyckeltal.csv", csv_bytes(rows))
    client.post(reverse("followup-import-save"))
    figures = KeyFigures.objects.get()
    assert figures.employees_men == 1 and figures.net_turnover == Decimal("100.00")


def test_the_outsider_cannot_import_into_another_platform(client, scene):
    client.force_login(scene.outsider)
    rows = [[scene.enterprise_a.org_number, YEAR, "100", "", 0, 0, 0, ""]]
    result = upload(client, "nyckeltal.csv", csv_bytes(rows)).context["result"]
    assert not result.valid
    assert client.post(reverse("followup-import-save")).status_code == 302
    assert not KeyFigures.objects.exists()


def test_the_templates_have_every_column(client, scene):
    client.force_login(scene.coordinator)
    response = client.get(reverse("followup-import-template"))
    header = [c.value for c in next(load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=1))]
    assert header == [label for label, _name in imports.columns()]
    assert len(header) == 2 + 6 + 1 + 30
    csv_response = client.get(reverse("followup-import-template"), {"format": "csv"})
    csv_header = b"".join(csv_response.streaming_content).decode("utf-8")
    assert csv_header.startswith("\ufeffOrganisationsnummer;År;")
    # The template read back is a valid (empty) file's header.
    result = imports.check_rows(
        "mall.csv",
        csv_bytes([[scene.enterprise_a.org_number, YEAR] + [""] * 37], header),
        user=scene.coordinator,
    )
    assert result.valid, [r.errors for r in result.rows]


@pytest.mark.parametrize(
    "text, places, expected",
    [
        ("1 250 000,50", 2, Decimal("1250000.50")),
        ("1.250.000,50", 2, Decimal("1250000.50")),
        ("1,250,000.50", 2, Decimal("1250000.50")),
        ("12 500 kr", 2, Decimal("12500.00")),
        ("−1 000", 2, Decimal("-1000.00")),
        (4.5, 1, Decimal("4.5")),
        (7, 0, Decimal("7")),
    ],
)
def test_amounts_as_people_write_them(text, places, expected):
    assert imports.parse_amount(text, places=places) == expected


@pytest.mark.parametrize("text, places", [("1,255", 2), ("abc", 2), ("1 2,3,4", 2), ("2.5", 0), (True, 0)])
def test_amounts_that_are_not(text, places):
    with pytest.raises(ValueError):
        imports.parse_amount(text, places=places)


def test_the_check_of_a_large_file_makes_few_queries(django_assert_max_num_queries, scene):
    enterprises = [scene.enterprise_a, scene.enterprise_b]
    for number in range(20):
        enterprises.append(
            make_enterprise(
                scene.platform, f"Företag {number}", org_number=luhn_complete(f"7697{number:05d}")
            )
        )
    rows = [
        [e.org_number, year, "100", "", 1, 1, 0, ""]
        for e in enterprises
        for year in (YEAR - 2, YEAR - 1, YEAR)
    ]
    with django_assert_max_num_queries(4):
        result = imports.check_rows("stor.csv", csv_bytes(rows), user=scene.coordinator)
    assert result.valid and len(result.rows) == 66
