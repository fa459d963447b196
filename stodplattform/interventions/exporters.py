"""The budget overview as CSV or XLSX: one row per total, category and enterprise."""

import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font

from stodplattform.core.exports import Column, csv_response

COLUMNS = [
    Column("section", gettext_lazy("Section"), lambda r: r[0]),
    Column("label", gettext_lazy("Row"), lambda r: r[1]),
    Column("budget", gettext_lazy("Budget (SEK)"), lambda r: r[2].budget),
    Column("committed", gettext_lazy("Committed (SEK)"), lambda r: r[2].committed),
    Column("spent", gettext_lazy("Spent (SEK)"), lambda r: r[2].spent),
    Column("remaining", gettext_lazy("Remaining (SEK)"), lambda r: r[2].remaining),
    Column("interventions", gettext_lazy("Interventions"), lambda r: r[2].count),
]


def rows(summary):
    yield _("Total"), str(summary.budget.year), summary.total
    for label, sums in summary.categories:
        yield _("Category"), str(label), sums
    for label, sums in summary.enterprises:
        yield _("Enterprise"), str(label), sums


def summary_response(summary, fmt: str, filename: str):
    if fmt == "csv":
        return csv_response(filename, COLUMNS, list(rows(summary)))
    book = Workbook()
    sheet = book.active
    sheet.title = str(summary.budget.year)
    sheet.append([str(c.label) for c in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(summary):
        sheet.append([c.value(row) for c in COLUMNS])
    for column in "CDEF":
        for cell in sheet[column][1:]:
            cell.number_format = '#,##0.00 "kr"'
        sheet.column_dimensions[column].width = 18
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
    return response
