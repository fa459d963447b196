"""Exports never hand a spreadsheet a formula: OWASP's CSV-injection advice, for CSV and XLSX."""

import csv
import io
import threading
import time

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from stodplattform.core.exports import Column, csv_response, spreadsheet_safe, xlsx_response

DANGEROUS = ["=1+2", "+46 240 123", "-2+3", "@SUM(A1)", "\tnext", "\rnext", '=HYPERLINK("http://x","y")']
HARMLESS = ["Återbruket", "a=b", "1+1", "", "'already quoted"]


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_formula_prefix_is_neutralised(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", [*HARMLESS, 42, -5, 3.5, None])
def test_other_values_are_left_alone(value):
    assert spreadsheet_safe(value) == value


COLUMNS = [Column("text", "Text", lambda v: v), Column("list", "List", lambda v: [v, "x"])]


def _csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return _plain_newlines(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def _xlsx_rows(response):
    body = response.getvalue() if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(body)).active
    return _plain_newlines(
        [("" if c is None else c) for c in row] for row in sheet.iter_rows(values_only=True)
    )


def _plain_newlines(rows):
    # XML (in XLSX) stores a carriage return as a newline; compare the two formats alike.
    return [[c.replace("\r", "\n") if isinstance(c, str) else c for c in row] for row in rows]


def _read(value):
    return value.replace("\r", "\n")


@pytest.mark.parametrize("value", DANGEROUS)
@pytest.mark.parametrize("render", [csv_response, xlsx_response])
def test_renderers_neutralise_cells_and_joined_lists(value, render):
    response = render("test", COLUMNS, [value])
    rows = _csv_rows(response) if render is csv_response else _xlsx_rows(response)
    assert rows[0] == ["Text", "List"]
    assert rows[1] == [_read("'" + value), _read("'" + value + "; x")]


def test_xlsx_keeps_numbers_and_drops_control_characters():
    columns = [Column("n", "N", lambda v: v[0]), Column("t", "T", lambda v: v[1])]
    response = xlsx_response("test", columns, [(-5, "a\x00b\x07c")])
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert _xlsx_rows(response)[1] == [-5, "abc"]


@pytest.mark.parametrize("field", ["name", "street_address", "description"])
@pytest.mark.parametrize("value", DANGEROUS)
def test_directory_exports_neutralise_what_a_manager_typed(client, world, field, value):
    setattr(world.enterprise_a, field, value + " Återbruket")
    world.enterprise_a.save()
    csv_rows = _csv_rows(client.get(reverse("enterprises-export-csv")))
    xlsx_rows = _xlsx_rows(client.get(reverse("enterprises-export-xlsx")))
    for rows in (csv_rows, xlsx_rows):
        column = list(rows[0]).index(
            {"name": "Namn", "street_address": "Besöksadress", "description": "Beskrivning"}[field]
        )
        cells = [row[column] for row in rows[1:]]
        assert _read("'" + value + " Återbruket") in cells
        assert not any(str(c).startswith(("=", "+", "-", "@", "\t", "\r")) for c in cells)


def test_directory_offers_xlsx(client, world):
    response = client.get(reverse("enterprises-directory"))
    assert reverse("enterprises-export-xlsx").encode() in response.content
    rows = _xlsx_rows(client.get(reverse("enterprises-export-xlsx"), {"municipality": "2085"}))
    assert len(rows) == 2 and rows[1][0] == "Återbruket A"


def test_an_xlsx_file_asked_for_by_many_at_once_is_built_once(tmp_path):
    from stodplattform.core.exports import _build_once

    path = tmp_path / "export.xlsx"
    builds, sent = [], []
    start = threading.Barrier(4)

    def build(partial):
        builds.append(partial)
        time.sleep(0.2)  # long enough for the others to arrive while it is built
        partial.write_bytes(b"complete")

    def ask():
        start.wait()
        _build_once(path, build)
        sent.append(path.read_bytes())

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert sent == [b"complete"] * 4  # the others waited for the whole file
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []
