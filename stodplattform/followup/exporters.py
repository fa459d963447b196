"""One enterprise's key figures over the years, as CSV (Swedish Excel) or XLSX.

One row per year; through the shared renderer (core.exports): semicolons, a decimal comma and a
byte-order mark in the CSV, numbers as numbers in the workbook, every text cell safe to open.
"""

from decimal import Decimal

from django.http import Http404
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from stodplattform.core.exports import Column, csv_response, xlsx_response

from .forms import COUNT_ROWS, GENDER_LABELS
from .models import GENDERS, MONEY_FIELDS, PERSON_COUNTS, KeyFigures

SEK = '#,##0.00 "kr"'
FORMATS = ("csv", "xlsx")


def _label(name):
    return str(KeyFigures._meta.get_field(name).verbose_name).capitalize()


def _share(figures):
    share = figures.target_group_share
    return None if share is None else (share * 100).quantize(Decimal("0.1"))


def columns() -> list[Column]:
    cols = [
        Column("enterprise", _("Enterprise"), lambda f: f.enterprise.name, width=30),
        Column("year", _("Year"), lambda f: f.year, width=8),
        Column("status", _("Status"), lambda f: f.get_status_display(), width=14),
    ]
    for name in MONEY_FIELDS:
        cols.append(Column(name, _label(name), lambda f, n=name: getattr(f, n), number_format=SEK, width=20))
    cols.append(Column("employees_fte", _label("employees_fte"), lambda f: f.employees_fte, width=12))
    for name in PERSON_COUNTS:
        row_label = str(COUNT_ROWS[name][0]).capitalize()
        for gender in GENDERS:
            key = f"{name}_{gender}"
            cols.append(
                Column(
                    key, f"{row_label}: {str(GENDER_LABELS[gender]).lower()}", lambda f, k=key: getattr(f, k)
                )
            )
        cols.append(
            Column(f"{name}_total", f"{row_label}: {str(_('Total')).lower()}", lambda f, n=name: f.total(n))
        )
    cols.append(Column("all_occupied", _("All occupied"), lambda f: f.all_occupied))
    cols.append(Column("target_group_share", _("Target group's share of all occupied (%)"), _share, width=12))
    return cols


def figures_response(enterprise, figures, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    filename = f"nyckeltal-{slugify(enterprise.slug)}"
    if fmt == "csv":
        return csv_response(filename, columns(), figures)
    return xlsx_response(filename, columns(), figures, title=str(_("Key figures")))
