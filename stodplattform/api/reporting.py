"""The API of reporting: a platform's figures (the dashboard), the report to the funder and
the county view, with the pages' rules and the same suppression.

A hidden cell answers ``{"value": null, "hidden": true}``: the page's "< 5"; a cell not
recorded (the gender of event participants) ``{"value": null, "hidden": false}``, with the
table's ``note`` saying why. Time is in minutes here (a machine sums it); the pages show hours
and minutes.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from stodplattform.core.permissions import require
from stodplattform.platforms.models import Platform
from stodplattform.reporting.county import region_tables
from stodplattform.reporting.dashboards import (
    Audience,
    dashboard_platform,
    observed_region,
    platform_dashboard,
)
from stodplattform.reporting.figures import Period
from stodplattform.reporting.public import table_data
from stodplattform.reporting.report import funder_row, report_context
from stodplattform.reporting.suppression import threshold

from .auth import SIGNED_IN
from .schemas import READ_ERRORS, Output

router = Router(auth=SIGNED_IN)


class CellOut(Output):
    value: float | int | None = Field(
        description="The number; null when hidden (a small count of people) or not recorded "
        "(hidden false: events record no gender, so their participants have a total only)"
    )
    hidden: bool = Field(description='True: a small count of people, the page\'s "< 5"')


class LabelOut(Output):
    key: str
    label: str


class RowOut(Output):
    key: str
    label: str
    cells: list[CellOut]
    total: CellOut | None


class TableOut(Output):
    key: str
    title: str
    unit: str
    columns: list[LabelOut]
    rows: list[RowOut]
    column_totals: list[CellOut] | None
    total: CellOut | None
    note: str = Field(description="What a reader needs to know to read the table right; empty if nothing")


class BudgetFiguresOut(Output):
    budget: float | None
    committed: float
    spent: float
    left: float | None


class PlatformFiguresOut(Output):
    platform: str
    start: str
    end: str
    exact: bool
    suppressed_below: int
    budget: BudgetFiguresOut
    tables: list[TableOut]


class ReportFieldOut(Output):
    name: str
    value: str | float | int | None


class ReportOut(Output):
    platform: str
    year: int
    half: int | None
    fields: list[ReportFieldOut]
    tables: list[TableOut]


class RegionOut(Output):
    region: str
    year: int
    tables: list[TableOut]
    last_year: list[TableOut]


class PeriodQuery(Schema):
    year: int | None = None
    half: int | None = None
    start: str | None = None
    end: str | None = None


def _period(query: PeriodQuery) -> Period:
    try:
        if query.start or query.end:
            if not (query.start and query.end):
                raise ValidationError("Give both start and end, or neither.")
            return Period(datetime.date.fromisoformat(query.start), datetime.date.fromisoformat(query.end))
        year = query.year or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise ValidationError("year: 2000–2100")
        return Period.half_year(year, query.half) if query.half else Period.year(year)
    except (ValidationError, ValueError) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error)]
        raise HttpError(422, " ".join(str(m) for m in messages)) from error


def _money(value):
    return float(value) if value is not None else None


@router.get(
    "/platforms/{slug:slug}/figures",
    response={200: PlatformFiguresOut, **READ_ERRORS},
    summary="A platform's figures",
)
def platform_figures(request, slug: str, query: Query[PeriodQuery]):
    """The dashboard's figures for a year, half-year or date range. Coordinators of the platform
    get exact counts; steering members and observers small person counts hidden."""
    platform = dashboard_platform(request.user, slug)
    period = _period(query)
    board = platform_dashboard([platform], period, Audience.for_platform(request.user, platform))
    return {
        "platform": platform.slug,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "exact": board.audience.exact,
        "suppressed_below": threshold(),
        "budget": {
            "budget": _money(board.budget.budget),
            "committed": float(board.budget.committed),
            "spent": float(board.budget.spent),
            "left": _money(board.budget.left),
        },
        "tables": [table_data(t) for t in board.tables],
    }


@router.get(
    "/platforms/{slug:slug}/report",
    response={200: ReportOut, **READ_ERRORS},
    summary="The report to the funder",
)
def platform_report(request, slug: str, query: Query[PeriodQuery]):
    """The yearly report's (or, with ``half``, the interim report's) fields and tables, as in its
    XLSX: always with small person counts hidden. The platform's coordinators only."""
    platform: Platform = dashboard_platform(request.user, slug)
    require(request.user, "reporting.write_report", platform)
    period = _period(query)
    context = report_context(platform, period.start.year, query.half)
    return {
        "platform": platform.slug,
        "year": period.start.year,
        "half": query.half,
        "fields": [
            {"name": str(name), "value": float(v) if v is not None and not isinstance(v, (int, str)) else v}
            for name, v in funder_row(context)
        ],
        "tables": [table_data(t) for t in context["tables"]],
    }


@router.get(
    "/regions/{slug:code}/figures", response={200: RegionOut, **READ_ERRORS}, summary="The county view"
)
def region_figures(request, code: str, year: int | None = None):
    """Every platform of the region side by side, this year and last: for regional observers."""
    region = observed_region(request.user, code)
    period = _period(PeriodQuery(year=year))
    platforms = list(Platform.objects.filter(municipalities__region=region).distinct().order_by("name"))
    return {
        "region": region.code,
        "year": period.start.year,
        "tables": [table_data(t) for t in region_tables(platforms, period.start.year)],
        "last_year": [table_data(t) for t in region_tables(platforms, period.start.year - 1)],
    }
