"""One way to turn a list into a download: an exporter gives columns and rows."""

import csv
import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext


@dataclass
class Column:
    key: str
    label: str
    value: Callable[[Any], Any]


class _Echo:
    def write(self, value):
        return value


def _cell(value, yes_no):
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, bool):
        return yes_no[0] if value else yes_no[1]
    return "" if value is None else value


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


def json_response(filename: str, columns: list[Column], objects: Iterable) -> HttpResponse:
    data = [{c.key: c.value(obj) for c in columns} for obj in objects]
    response = HttpResponse(
        json.dumps({"count": len(data), "results": data}, cls=DjangoJSONEncoder, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


def xlsx_response(
    filename: str, columns: list[Column], objects: Iterable, *, title: str = ""
) -> HttpResponse:
    """The same columns as CSV, as an Excel workbook (openpyxl, write-only so that memory stays flat)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or filename)[:31])
    yes_no = (gettext("Yes"), gettext("No"))
    sheet.append([str(c.label) for c in columns])
    for obj in objects:
        row = []
        for column in columns:
            value = _cell(column.value(obj), yes_no)
            if hasattr(value, "tzinfo") and value.tzinfo is not None:
                value = timezone.localtime(value).replace(tzinfo=None)
            row.append(value)
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    response = HttpResponse(
        stream.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
