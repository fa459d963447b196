"""The dashboards: a platform's (coordinators exact; steering members and observers protected)
and a manager's view of their own enterprise over the years."""

import base64

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.text import slugify

from stodplattform.core.permissions import require
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform

from . import charts, exporters
from .dashboards import Audience, enterprise_years, platform_dashboard
from .forms import period_from
from .suppression import threshold


def _svg(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def _dashboard_platform(request, slug) -> Platform:
    """A platform the user is a member of or observes (others: 404), with the right to its figures (403)."""
    ids = set(access.platform_roles(request.user)) | set(access.observed_platforms(request.user))
    platforms = Platform.objects.all() if request.user.is_superuser else Platform.objects.filter(pk__in=ids)
    platform = get_object_or_404(platforms, slug=slug)
    require(request.user, "reporting.view_dashboard", platform)
    return platform


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
    return render(
        request,
        "reporting/enterprise.html",
        {"enterprise": enterprise, "years": years, "interventions": interventions},
    )
