"""Pages of the key figures: access → form → service → redirect.

An enterprise is found through ``Enterprise.objects.visible_to`` (404 for what one may not
know of), a year's figures through ``KeyFigures.objects.visible_to`` (404 for anyone but the
enterprise's managers and its platform's coordinators); a role too low answers 403.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stodplattform.core.addresses import addresses
from stodplattform.core.audit import describe, history_for
from stodplattform.core.forms import apply_errors
from stodplattform.core.pagination import BoundedPaginator
from stodplattform.core.permissions import can, require
from stodplattform.enterprises.models import Enterprise
from stodplattform.enterprises.models import Status as EnterpriseStatus
from stodplattform.platforms import access
from stodplattform.platforms.models import Platform

from . import exporters, services
from .forms import DueDateForm, KeyFiguresForm, ReopenForm, YearForm
from .models import FiguresDueDate, FigureStatus, KeyFigures

PAGE_SIZE = 50
OVERVIEW_YEARS = 3


def _enterprise(request, slug, perm) -> Enterprise:
    enterprise = get_object_or_404(
        services.enterprises_known_to(request.user).select_related("platform"), slug=slug
    )
    require(request.user, perm, enterprise)
    return enterprise


def _figures(request, slug, year) -> KeyFigures:
    return get_object_or_404(
        KeyFigures.objects.visible_to(request.user).select_related("enterprise__platform"),
        enterprise__slug=slug,
        year=year,
    )


def _platform(request, slug, perm) -> Platform:
    platform = get_object_or_404(Platform.objects.member_of(request.user), slug=slug)
    require(request.user, perm, platform)
    return platform


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


@login_required
def index(request):
    """Where one's key figures are: the enterprises one manages and the platforms one coordinates."""
    enterprises = list(
        Enterprise.objects.filter(pk__in=access.managed_enterprise_ids(request.user)).order_by("name")
    )
    platforms = list(access.coordinated_platforms(request.user).order_by("name"))
    if not enterprises and not platforms:
        raise PermissionDenied
    if len(enterprises) == 1 and not platforms:
        return redirect("followup-enterprise", enterprises[0].slug)
    if len(platforms) == 1 and not enterprises:
        return redirect("followup-overview", platforms[0].slug)
    return render(request, "followup/index.html", {"enterprises": enterprises, "platforms": platforms})


@login_required
def enterprise_figures(request, slug):
    """An enterprise's years, each with its status, and a way to enter another year."""
    enterprise = _enterprise(request, slug, "followup.view_key_figures")
    may_change = can(request.user, "followup.change_key_figures", enterprise)
    year_form = YearForm(request.GET if "year" in request.GET else None, enterprise=enterprise)
    if year_form.is_bound and year_form.is_valid() and may_change:
        return redirect("followup-edit", enterprise.slug, year_form.cleaned_data["year"])
    return render(
        request,
        "followup/enterprise.html",
        {
            "enterprise": enterprise,
            "rows": services.enterprise_years(enterprise),
            "year_form": year_form,
            "may_change": may_change,
            "may_check": can(request.user, "followup.check_key_figures", enterprise),
            "Status": FigureStatus,
            "last_year": services.last_year(),
        },
    )


@login_required
def year_detail(request, slug, year):
    """One year's figures, grouped as in the form, with the target group's share and the history."""
    figures = _figures(request, slug, year)
    enterprise = figures.enterprise
    history = list(history_for(figures))
    for entry in history:
        entry.described = describe(entry) if entry.action != 0 else []
    form = KeyFiguresForm(
        initial=KeyFiguresForm.initial_from(figures), previous=services.previous_values(enterprise, year)
    )
    return render(
        request,
        "followup/year.html",
        {
            "figures": figures,
            "enterprise": enterprise,
            "sections": form.sections(),
            "history": history,
            "may_change": can(request.user, "followup.change_key_figures", enterprise),
            "may_check": can(request.user, "followup.check_key_figures", enterprise),
            "Status": FigureStatus,
            "share": services.share_percent(figures),
            "target_group": figures.total("target_group"),
        },
    )


@login_required
def edit(request, slug, year):
    """Enter or change one year's figures: save as a draft, or save and report them."""
    enterprise = _enterprise(request, slug, "followup.change_key_figures")
    try:
        services.check_year(enterprise, year)
    except ValidationError:
        raise Http404 from None
    figures = KeyFigures.objects.filter(enterprise=enterprise, year=year).first()
    if figures is not None and figures.is_checked:
        messages.info(
            request, _("These figures are checked. A coordinator reopens the year before they are changed.")
        )
        return redirect("followup-year", enterprise.slug, year)
    previous = services.previous_values(enterprise, year)
    if request.method == "POST":
        form = KeyFiguresForm(request.POST, previous=previous)
        if form.is_valid():
            try:
                figures = services.save_key_figures(
                    enterprise=enterprise, year=year, values=form.cleaned_data, by=request.user
                )
                if "submit" in request.POST and figures.status == FigureStatus.DRAFT:
                    figures = services.submit_key_figures(figures=figures, by=request.user)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if figures.status == FigureStatus.DRAFT:
                    messages.success(request, _("The figures are saved as a draft."))
                else:
                    messages.success(request, _("The figures are saved and reported."))
                return redirect("followup-year", enterprise.slug, year)
    else:
        form = KeyFiguresForm(initial=KeyFiguresForm.initial_from(figures), previous=previous)
    return render(
        request,
        "followup/form.html",
        {"form": form, "enterprise": enterprise, "year": year, "figures": figures, "previous": previous},
        status=422 if form.errors else 200,
    )


@login_required
@require_POST
def submit(request, slug, year):
    figures = _figures(request, slug, year)
    require(request.user, "followup.change_key_figures", figures.enterprise)
    try:
        services.submit_key_figures(figures=figures, by=request.user)
        messages.success(request, _("The figures are reported."))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("followup-year", slug, year)


@login_required
@require_POST
def check(request, slug, year):
    figures = _figures(request, slug, year)
    require(request.user, "followup.check_key_figures", figures.enterprise)
    try:
        services.check_key_figures(figures=figures, by=request.user)
        messages.success(
            request,
            _("%(name)s's figures for %(year)s are checked.")
            % {"name": figures.enterprise.name, "year": year},
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(_next(request, reverse("followup-year", args=[slug, year])))


@login_required
def reopen(request, slug, year):
    figures = _figures(request, slug, year)
    require(request.user, "followup.check_key_figures", figures.enterprise)
    if not figures.is_checked:
        return redirect("followup-year", slug, year)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.reopen_key_figures(figures=figures, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The year is open for changes again."))
            return redirect("followup-year", slug, year)
    return render(
        request,
        "followup/reopen.html",
        {"form": form, "figures": figures, "enterprise": figures.enterprise},
        status=422 if form.errors else 200,
    )


@login_required
def export(request, slug, fmt):
    """One enterprise's figures over the years, as CSV (Swedish Excel) or XLSX."""
    enterprise = _enterprise(request, slug, "followup.view_key_figures")
    figures = KeyFigures.objects.filter(enterprise=enterprise).select_related("enterprise").order_by("year")
    return exporters.figures_response(enterprise, figures, fmt)


@login_required
def overview(request, slug):
    """The platform's enterprises × the last years, with status, due date and a button to check."""
    platform = _platform(request, slug, "followup.view_figures_overview")
    this_year = services.last_year()
    try:
        until = int(request.GET.get("till", this_year))
    except ValueError:
        until = this_year
    until = min(max(until, 2000), timezone.localdate().year)
    years = list(range(until - OVERVIEW_YEARS + 1, until + 1))
    enterprises = (
        Enterprise.objects.filter(platform=platform)
        .exclude(status__in=[EnterpriseStatus.IDEA, EnterpriseStatus.CLOSED])
        .order_by("name", "pk")
        .only("pk", "name", "slug", "year_founded", "platform_id", "status")
    )
    page = BoundedPaginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    due = FiguresDueDate.objects.filter(platform=platform).first()
    rows = services.overview(platform, page.object_list, years)
    # Each row's addresses from one reverse() per row and pattern, not two for each of 150 cells.
    enterprise_url = addresses("followup-enterprise")
    for row in rows:
        slug = row.enterprise.slug
        year_url, check_url = addresses("followup-year", slug), addresses("followup-check", slug)
        row.url = enterprise_url(slug)
        row.links = [
            (year, figures, expected, year_url(year), check_url(year))
            for year, figures, expected in row.cells
        ]
    return render(
        request,
        "followup/overview.html",
        {
            "platform": platform,
            "years": years,
            "until": until,
            "this_year": this_year,
            "page": page,
            "rows": rows,
            "due": due.due_on(this_year) if due else services.default_due_date(this_year),
            "today": timezone.localdate(),
            "may_set_due_date": can(request.user, "followup.set_figures_due_date", platform),
            "Status": FigureStatus,
            "query": f"till={until}",
        },
    )


@login_required
def due_date(request, slug):
    platform = _platform(request, slug, "followup.set_figures_due_date")
    due = FiguresDueDate.objects.filter(platform=platform).first()
    initial = {"month": due.month, "day": due.day} if due else {}
    form = DueDateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_due_date(
                platform=platform,
                month=form.cleaned_data["month"],
                day=form.cleaned_data["day"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The due date is saved."))
            return redirect("followup-overview", platform.slug)
    return render(
        request,
        "followup/due_date.html",
        {"form": form, "platform": platform},
        status=422 if form.errors else 200,
    )
