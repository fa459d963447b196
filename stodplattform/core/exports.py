"""One way to turn a list into a download: an exporter gives columns and rows.

Every CSV and XLSX cell goes through ``spreadsheet_safe``: text that a spreadsheet would
run as a formula is neutralised here, once, for every list that is exported.
"""

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

# OWASP's CSV injection advice: a cell that starts with one of these may be read as a formula
# (or, after a tab or carriage return, as the start of one); a leading ' makes it plain text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]


class _Echo:
    def write(self, value):
        return value


def spreadsheet_safe(value):
    """Text that a spreadsheet would take for a formula, prefixed with ' (numbers stay numbers)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _cell(value, yes_no):
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, bool):
        value = yes_no[0] if value else yes_no[1]
    elif value is None:
        value = ""
    elif not isinstance(value, (int, float, str)):
        value = str(value)
    return spreadsheet_safe(value)


def csv_response(filename: str, columns: list[Column], objects: Iterable) -> StreamingHttpResponse:
    """A UTF-8 CSV (with BOM, so that Excel reads å, ä and ö) streamed row by row."""
    writer = csv.writer(_Echo(), delimiter=";")
    # Translated now: the rows are written after the view has returned.
    header = [str(c.label) for c in columns]
    yes_no = (gettext("Yes"), gettext("No"))

    def rows():
        yield "\ufeff"
        yield writer.writerow(header)
        for obj in objects:
            yield writer.writerow([_cell(c.value(obj), yes_no) for c in columns])

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def xlsx_response(
    filename: str, columns: list[Column], objects: Iterable, *, title: str = ""
) -> HttpResponse:
    """An Excel workbook with one sheet: a bold header row, then one row per object.

    Write-only, so that memory stays flat as rows grow.
    """
    yes_no = (gettext("Yes"), gettext("No"))
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or filename)[:31])
    sheet.append([_xlsx_header(sheet, str(c.label)) for c in columns])
    for obj in objects:
        # openpyxl refuses control characters, which a text field may hold; they carry no meaning.
        sheet.append([_xlsx_text(_cell(c.value(obj), yes_no)) for c in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response


def _xlsx_text(value):
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _xlsx_header(sheet, label):
    cell = WriteOnlyCell(sheet, value=_xlsx_text(spreadsheet_safe(label)))
    cell.font = Font(bold=True)
    return cell


def json_response(filename: str, columns: list[Column], objects: Iterable) -> HttpResponse:
    data = [{c.key: c.value(obj) for c in columns} for obj in objects]
    response = HttpResponse(
        json.dumps({"count": len(data), "results": data}, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response
