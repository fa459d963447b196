"""A dashboard's tables as CSV (for Swedish Excel: ``;``, decimal comma, UTF-8 with BOM) and
XLSX (one sheet per table): exactly the cells the page shows, hidden ones as "< 5", those not
recorded empty, and the table's note (why) under it.

Time is given in hours (two decimals, so a spreadsheet can sum it), never in raw minutes.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from stodplattform.core.durations import decimal_hours
from stodplattform.core.exports import XLSX_CONTENT_TYPE, spreadsheet_safe

from .figures import MINUTES, SEK

HOURS_FORMAT = "0.00"
SEK_FORMAT = '#,##0.00 "kr"'


def _number(cell, unit):
    """The cell's value for a spreadsheet: a number, or the "< 5" text of a hidden one."""
    if cell is None:
        return None
    if cell.hidden:
        return cell.export
    if unit == MINUTES:
        return decimal_hours(cell.value)
    return cell.value


def export_value(cell):
    """A count for a spreadsheet or a field of the funder's follow-up: the number, "< 5" when
    hidden, None (empty) when not recorded."""
    return None if cell is None or cell.not_recorded else cell.export


def _header(shown, first):
    unit = {MINUTES: _("hours"), SEK: "kr"}.get(shown.unit)
    labels = [str(label) for _k, label in shown.columns]
    if shown.row_totals is not None:
        labels.append(_("Total"))
    if unit:
        labels = [f"{label} ({unit})" for label in labels]
    return [first, *labels]


def table_rows(shown):
    """(label, values…) per row, then the totals' row if the table has one."""
    for _key, label, cells, total in shown.rows:
        values = [_number(c, shown.unit) for c in cells]
        if shown.row_totals is not None:
            values.append(_number(total, shown.unit))
        yield [str(label), *values]
    if shown.column_totals is not None:
        values = [_number(c, shown.unit) for c in shown.column_totals]
        if shown.row_totals is not None:
            values.append(_number(shown.total, shown.unit))
        yield [_("Total"), *values]


def _csv_value(value):
    if isinstance(value, (Decimal, float)):
        return f"{value:.2f}".replace(".", ",")
    if value is None:
        return ""
    return spreadsheet_safe(value) if isinstance(value, str) else value


def csv_response(filename: str, title: str, tables) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([spreadsheet_safe(title)])
    for shown in tables:
        writer.writerow([])
        writer.writerow([spreadsheet_safe(str(shown.title))])
        writer.writerow([spreadsheet_safe(h) for h in _header(shown, "")])
        for row in table_rows(shown):
            writer.writerow([_csv_value(v) for v in row])
        if shown.note:
            writer.writerow([])
            writer.writerow([spreadsheet_safe(str(shown.note))])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def _sheet_title(title, used):
    base = "".join(ch for ch in str(title) if ch not in "[]:*?/\\")[:28] or "Tabell"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:26]} {n}", n + 1
    used.add(name)
    return name


def workbook(title: str, tables) -> Workbook:
    book = Workbook()
    book.remove(book.active)
    used = set()
    for shown in tables:
        sheet = book.create_sheet(_sheet_title(shown.title, used))
        sheet.append([spreadsheet_safe(title)])
        sheet.append([spreadsheet_safe(str(shown.title))])
        sheet.append([spreadsheet_safe(h) for h in _header(shown, "")])
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 40
        for row in table_rows(shown):
            sheet.append([spreadsheet_safe(v) if isinstance(v, str) else v for v in row])
            for cell in sheet[sheet.max_row][1:]:
                if isinstance(cell.value, (int, float, Decimal)):
                    cell.number_format = (
                        SEK_FORMAT if shown.unit == SEK else (HOURS_FORMAT if shown.unit == MINUTES else "0")
                    )
        if shown.note:
            sheet.append([])
            sheet.append([spreadsheet_safe(str(shown.note))])
    return book


def xlsx_response(filename: str, title: str, tables) -> HttpResponse:
    buffer = io.BytesIO()
    workbook(title, tables).save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
