"""Public statistics: a public platform's figures, and a region's (all its public platforms
together), for anyone, as open data (CC BY 4.0).

The tables are the dashboards' (``platform_dashboard``, from ``figures.py``), for an audience
that sees no exact counts, no enterprise and nothing confidential: small counts of people are
always suppressed (``suppression.py``). The page, its CSV and its JSON hold the same cells.
The queries do not grow with the amount of data.

Cached for anonymous visitors (``core.pagecache.cache_public``). No model is registered for
invalidation here: the figures come from cases, time, budgets, meetings, events and key figures,
which change all day, and registering them would make every public page stale on each entry. A
platform made non-public or a region changed does invalidate (platforms registers those); new
activity shows within ``PUBLIC_PAGE_CACHE_SECONDS`` (300 s), which the guides say.
"""

from django.utils.translation import gettext_lazy as _

from stodplattform.platforms.models import Platform

from .dashboards import Audience, platform_dashboard
from .figures import Period
from .suppression import threshold

# Everyone: protected counts, no per-enterprise table, nothing confidential.
PUBLIC = Audience(exact=False, per_enterprise=False, confidential=False)

LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
LICENCE_URL_SV = "https://creativecommons.org/licenses/by/4.0/deed.sv"


def public_platforms_in(region):
    return list(Platform.objects.public().filter(municipalities__region=region).distinct().order_by("name"))


def public_board(platforms, year: int):
    """The year's tables of the platforms together, as the public may see them (None: no platform)."""
    if not platforms:
        return None
    return platform_dashboard(platforms, Period.year(year), PUBLIC)


def _cell(cell):
    if cell is None:
        return None
    value = cell.shown
    return {
        "value": float(value) if value is not None and not isinstance(value, int) else value,
        "hidden": cell.hidden,
    }


def table_data(shown) -> dict:
    """A shown table as JSON (the API's shape: a hidden cell is ``{"value": null, "hidden": true}``)."""
    return {
        "key": shown.key,
        "title": str(shown.title),
        "unit": shown.unit,
        "columns": [{"key": k, "label": str(label)} for k, label in shown.columns],
        "rows": [
            {"key": str(k), "label": str(label), "cells": [_cell(c) for c in cells], "total": _cell(total)}
            for k, label, cells, total in shown.rows
        ],
        "column_totals": [_cell(c) for c in shown.column_totals] if shown.column_totals is not None else None,
        "total": _cell(shown.total),
        "note": str(shown.note),
    }


def statistics_data(title: str, year: int, platforms, board, *, source: str) -> dict:
    return {
        "title": title,
        "year": year,
        "platforms": [{"slug": p.slug, "name": p.name} for p in platforms],
        "suppressed_below": threshold(),
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "source": source,
        "note": str(
            _(
                "Counts of people below the threshold are hidden (value null, hidden true); "
                "where a total would reveal one, another figure is hidden too. Time in minutes."
            )
        ),
        "tables": [table_data(t) for t in board.tables] if board else [],
    }
