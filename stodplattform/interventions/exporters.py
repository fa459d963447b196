"""The budget overview as CSV or XLSX: one row per total, category and enterprise.

Through the shared renderer (core.exports), which makes every text cell safe to open.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from stodplattform.core.exports import Column, csv_response, xlsx_response

SEK = '#,##0.00 "kr"'
COLUMNS = [
    Column("section", gettext_lazy("Section"), lambda r: r[0], width=14),
    Column("label", gettext_lazy("Row"), lambda r: r[1], width=40),
    Column("budget", gettext_lazy("Budget (SEK)"), lambda r: r[2].budget, number_format=SEK, width=18),
    Column(
        "committed", gettext_lazy("Committed (SEK)"), lambda r: r[2].committed, number_format=SEK, width=18
    ),
    Column("spent", gettext_lazy("Spent (SEK)"), lambda r: r[2].spent, number_format=SEK, width=18),
    Column(
        "remaining", gettext_lazy("Remaining (SEK)"), lambda r: r[2].remaining, number_format=SEK, width=18
    ),
    Column("interventions", gettext_lazy("Interventions"), lambda r: r[2].count),
]


def rows(summary):
    yield _("Total"), str(summary.budget.year), summary.total
    for label, sums in summary.categories:
        yield _("Category"), str(label), sums
    for label, sums in summary.enterprises:
        yield _("Enterprise"), str(label), sums


def summary_response(summary, fmt: str, filename: str):
    respond = csv_response if fmt == "csv" else xlsx_response
    kwargs = {} if fmt == "csv" else {"title": str(summary.budget.year)}
    return respond(filename, COLUMNS, list(rows(summary)), **kwargs)
