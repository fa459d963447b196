"""The yearly report to the funder (and its half-year interim version), per platform.

Its figures are the dashboard's, as the protected audiences see them: the report leaves the
platform, so small person counts are suppressed and nothing confidential is in it.
"""

import io

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl.styles import Font

from stodplattform.core.durations import decimal_hours
from stodplattform.core.exports import spreadsheet_safe

from . import exporters, figures
from .dashboards import Audience, platform_dashboard
from .figures import Period
from .models import FunderReport
from .suppression import ShownTable

# The funder's report goes outside the platform: protected, whoever downloads it.
FUNDER = Audience(exact=False, per_enterprise=False, confidential=False)


def report_period(year: int, half: int | None) -> Period:
    return Period.half_year(year, half) if half else Period.year(year)


_NOT_READ = object()


def report_context(platform, year: int, half: int | None = None, *, entry=_NOT_READ) -> dict:
    """Everything the report shows, each figure computed once. ``entry``: the platform's
    ``FunderReport`` of the year (or None) when the caller has it already."""
    period = report_period(year, half)
    board = platform_dashboard([platform], period, FUNDER)
    if entry is _NOT_READ:
        entry = FunderReport.objects.filter(platform=platform, year=year).first()
    return {
        "platform": platform,
        "year": year,
        "half": half,
        "period": period,
        "board": board,
        "entry": entry,
        "reached": board.people_reached,
        "cases": cases_by_category(board.cases_opened, board.cases_closed),
        "tables": board.tables,
    }


def cases_by_category(opened: ShownTable, closed: ShownTable) -> ShownTable:
    """The support cases opened and closed in the period by category: the month-by-month tables'
    totals, as those tables show them (hidden where they hide them: a total's own protection is
    kept, and no figure is shown that they do not).

    The report (a few pages for the funder) shows this; the months are in its XLSX, as on the
    dashboard. Eleven rows of fourteen columns each took WeasyPrint about as long as the rest of
    the report together.
    """
    table = figures.Table(
        "cases_by_category",
        _("Cases by category"),
        opened.unit,
        opened.table.rows,
        [("opened", _("Opened in the period")), ("closed", _("Closed in the period"))],
        [list(pair) for pair in zip(opened.table.row_sums, closed.table.row_sums, strict=True)],
        row_totals=False,
    )
    return ShownTable(
        table=table,
        cells=[list(pair) for pair in zip(opened.row_totals, closed.row_totals, strict=True)],
        row_totals=None,
        column_totals=[opened.total, closed.total],
        total=None,
        suppressed=opened.suppressed or closed.suppressed,
    )


def report_pdf(platform, year: int, half: int | None = None, *, language: str = "sv") -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        html = render_to_string(
            "reporting/report_pdf.html", {**report_context(platform, year, half), "LANG": language}
        )
    return HTML(string=html).write_pdf()


def funder_row(context) -> list[tuple[str, object]]:
    """One row for the funder's follow-up system: (column name, value), names plain enough to
    copy field by field."""
    board, entry, reached = context["board"], context["entry"], context["reached"]
    persons = dict(
        zip([k for k, _l in board.key_persons.table.rows], board.key_persons.row_totals, strict=True)
    )
    employees = board.key_persons.rows[0][2]
    return [
        (_("Effort"), context["platform"].name),
        (_("Kind of effort"), _("Structural")),
        (_("Year"), context["year"]),
        (_("Period"), str(context["period"])),
        (_("Budget, interventions (SEK)"), board.budget.budget),
        (_("Outcome, interventions committed (SEK)"), board.budget.committed),
        (_("Outcome, interventions spent (SEK)"), board.budget.spent),
        (_("Running cost, staff (SEK)"), entry.staff_cost if entry else None),
        (_("Running cost, other (SEK)"), entry.other_costs if entry else None),
        (_("Staff time (hours)"), entry.staff_hours if entry else None),
        (_("Hours of support in cases"), decimal_hours(board.support_time.column_totals[0].value)),
        (
            _("Hours of support outside cases"),
            decimal_hours(board.support_time.column_totals[1].value),
        ),
        *_people_reached(reached),
        (_("Enterprises supported"), sum(c[1].value for c in board.enterprises.cells)),
        (_("Employees in the enterprises, women"), employees[0].export),
        (_("Employees in the enterprises, men"), employees[1].export),
        (_("Employees in the enterprises, other or not stated"), employees[2].export),
        (_("Employees in the enterprises, total"), persons["employees"].export),
        (_("Occupied but not employed, total"), persons["occupied"].export),
        (_("Ended to work, total"), persons["ended_work"].export),
        (_("Ended to studies, total"), persons["ended_studies"].export),
        (_("Ended actively job-seeking, total"), persons["ended_seeking"].export),
        (_("Ended otherwise, total"), persons["ended_other"].export),
    ]


def _people_reached(reached) -> list[tuple[str, object]]:
    """People reached, planned and actual, by gender: one field each, "< 5" where hidden, empty
    where not recorded (events record no gender: their participants have a total only)."""
    names = {
        "planned": (
            _("People reached, planned, women"),
            _("People reached, planned, men"),
            _("People reached, planned, other/not stated"),
            _("People reached, planned, total"),
        ),
        "interventions": (
            _("People reached through interventions, women"),
            _("People reached through interventions, men"),
            _("People reached through interventions, other/not stated"),
            _("People reached through interventions, total"),
        ),
        "events": (None, None, None, _("People reached at events, total")),
    }
    fields = []
    for key, _label, cells, total in reached.rows:
        for name, cell in zip(names[key], [*cells, total], strict=True):
            if name is not None:
                fields.append((name, exporters.export_value(cell)))
    return fields


def report_xlsx(context) -> bytes:
    title = f"{context['platform'].name} {context['period']}"
    book = exporters.workbook(title, context["tables"])
    sheet = book.create_sheet(_("Follow-up"), 0)
    row = funder_row(context)
    sheet.append([spreadsheet_safe(str(name)) for name, _v in row])
    sheet.append([spreadsheet_safe(v) if isinstance(v, str) else v for _n, v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
