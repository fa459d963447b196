"""The dashboards: a platform's (coordinators exact; steering members and observers protected)
and a manager's view of their own enterprise over the years."""

import base64

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from stodplattform.core.exports import XLSX_CONTENT_TYPE
from stodplattform.core.pagecache import cache_public
from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms.models import Platform, Region

from . import charts, exporters, public, services
from .county import region_tables, with_last_year
from .dashboards import (
    Audience,
    dashboard_platform,
    enterprise_years,
    observed_region,
    platform_dashboard,
    sustainability_over_years,
)
from .forms import FIRST_YEAR, FunderReportForm, period_from
from .models import FunderReport
from .report import report_context, report_pdf, report_xlsx
from .suppression import threshold


def _svg(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _dashboard_platform(request, slug) -> Platform:
    return dashboard_platform(request.user, slug)


@login_required
def dashboard(request, slug):
    platform = _dashboard_platform(request, slug)
    form, period = period_from(request)
    board = None
    if period is not None:
        board = platform_dashboard([platform], period, Audience.for_platform(request.user, platform))
        fmt = request.GET.get("format")
        if fmt in ("csv", "xlsx"):
            filename = f"{platform.slug}-{slugify(str(period))}"
            title = f"{platform.name} {period}"
            respond = exporters.csv_response if fmt == "csv" else exporters.xlsx_response
            return respond(filename, title, board.tables)
    chart = {}
    if board is not None:
        chart = {
            "cases": _svg(charts.cases_chart(board.cases_opened, board.cases_closed)),
            "time": _svg(charts.time_chart(board.support_time))
            if not board.support_time.table.is_empty
            else None,
            "budget": _svg(charts.budget_chart(board.budget)) if board.budget.has_budget else None,
        }
    return render(
        request,
        "reporting/dashboard.html",
        {
            "platform": platform,
            "form": form,
            "period": period,
            "board": board,
            "chart": chart,
            "suppress_below": threshold(),
            "export_query": _export_query(request),
        },
    )


def _export_query(request) -> str:
    query = request.GET.copy()
    query.pop("format", None)
    return query.urlencode()


@login_required
def enterprise(request, slug):
    enterprise = get_object_or_404(Enterprise.objects.visible_to(request.user), slug=slug)
    require(request.user, "reporting.view_enterprise_figures", enterprise)
    years, interventions = enterprise_years(enterprise)
    check_years, areas = sustainability_over_years(enterprise, request.user)
    return render(
        request,
        "reporting/enterprise.html",
        {
            "enterprise": enterprise,
            "years": years,
            "interventions": interventions,
            "check_years": check_years,
            "areas": areas,
        },
    )


def _year_and_half(request) -> tuple[int | None, int | None]:
    """The report's year and half-year (None: the whole year); year None when either is wrong."""
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return None, None
    half = request.GET.get("half") or ""
    if not FIRST_YEAR <= year <= 2100 or half not in ("", "1", "2"):
        return None, None
    return year, int(half) if half else None


@login_required
def report(request, slug):
    platform = _dashboard_platform(request, slug)
    require(request.user, "reporting.write_report", platform)
    year, half = _year_and_half(request)
    if year is None:
        return render(
            request,
            "reporting/report.html",
            {"platform": platform, "error": _("Choose a year between 2000 and 2100, and half-year 1 or 2.")},
            status=400,
        )
    entry = FunderReport.objects.filter(platform=platform, year=year).first()
    form = FunderReportForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        services.save_funder_report(platform=platform, year=year, data=form.cleaned_data, by=request.user)
        messages.success(request, _("The report's text and figures are saved."))
        return redirect(f"{request.path}?year={year}")
    fmt = request.GET.get("format")
    filename = f"rapport-{platform.slug}-{year}" + (f"-halvar{half}" if half else "")
    if fmt == "pdf":
        language = (
            request.GET.get("lang") if request.GET.get("lang") in ("sv", "en") else request.LANGUAGE_CODE
        )
        response = HttpResponse(
            report_pdf(platform, year, half, language=language), content_type="application/pdf"
        )
        response["Content-Disposition"] = f'inline; filename="{filename}.pdf"'
        return response
    context = report_context(platform, year, half, entry=entry)
    if fmt == "xlsx":
        response = HttpResponse(report_xlsx(context), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{filename}.xlsx"'
        return response
    return render(
        request,
        "reporting/report.html",
        {**context, "form": form, "suppress_below": threshold()},
        status=400 if form.errors else 200,
    )


def _observed_region(request, code) -> Region:
    return observed_region(request.user, code)


@login_required
def county(request, code):
    region = _observed_region(request, code)
    year, _half = _year_and_half(request)
    platforms = list(Platform.objects.filter(municipalities__region=region).distinct().order_by("name"))
    if year is None:
        return render(
            request,
            "reporting/county.html",
            {"region": region, "error": _("Choose a year between 2000 and 2100, and half-year 1 or 2.")},
            status=400,
        )
    this_year = region_tables(platforms, year)
    last_year = region_tables(platforms, year - 1)
    fmt = request.GET.get("format")
    if fmt in ("csv", "xlsx"):
        for table in last_year:
            table.table.title = f"{table.table.title} {year - 1}"
        for table in this_year:
            table.table.title = f"{table.table.title} {year}"
        respond = exporters.csv_response if fmt == "csv" else exporters.xlsx_response
        return respond(f"lan-{region.code}-{year}", f"{region.name} {year}", this_year + last_year)
    return render(
        request,
        "reporting/county.html",
        {
            "region": region,
            "year": year,
            "last_year": year - 1,
            "platforms": platforms,
            "pairs": with_last_year(this_year, last_year),
            "suppress_below": threshold(),
        },
    )


# -- Public statistics (anyone; always protected; open data) --------------------------


def _public_year(request) -> int | None:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        return None
    return year if FIRST_YEAR <= year <= 2100 else None


def _statistics(request, *, title, filename, platforms, back, region=None):
    year = _public_year(request)
    context = {"title": title, "platforms": platforms, "region": region, "back": back}
    if year is None:
        context["error"] = _("Choose a year between 2000 and 2100.")
        return render(request, "reporting/statistics.html", context, status=400)
    board = public.public_board(platforms, year)
    source = request.build_absolute_uri(request.path)
    fmt = request.GET.get("format")
    if fmt == "json":
        data = public.statistics_data(f"{title} {year}", year, platforms, board, source=source)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
        response["Content-Disposition"] = f'inline; filename="{filename}-{year}.json"'
        return response
    if fmt == "csv":
        heading = f"{title} {year} ({public.LICENCE}, {source})"
        return exporters.csv_response(f"{filename}-{year}", heading, board.tables if board else [])
    return render(
        request,
        "reporting/statistics.html",
        {
            **context,
            "year": year,
            "board": board,
            "suppress_below": threshold(),
            "licence": public.LICENCE,
            "licence_url": public.LICENCE_URL_SV if request.LANGUAGE_CODE == "sv" else public.LICENCE_URL,
        },
    )


@cache_public
def public_platform(request, slug):
    platform = get_object_or_404(Platform.objects.public(), slug=slug)
    return _statistics(
        request,
        title=_("%(name)s in figures") % {"name": platform.name},
        filename=f"statistik-{platform.slug}",
        platforms=[platform],
        back=platform.get_absolute_url(),
    )


@cache_public
def public_region(request, code):
    region = get_object_or_404(Region, code=code)
    return _statistics(
        request,
        title=_("Social enterprises in %(name)s in figures") % {"name": region.name},
        filename=f"statistik-lan-{region.code}",
        platforms=public.public_platforms_in(region),
        back=None,
        region=region,
    )
