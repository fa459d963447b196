"""Pages of the sustainability check (bärkraftsanalys): access → form → service → redirect.

An enterprise's checks are for its managers and its platform's coordinators: anyone else gets
404 (the comments are theirs alone); a role too low for a step (a manager agreeing) gets 403.
"""

import base64
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from stodplattform.core.audit import describe, history_for
from stodplattform.core.forms import apply_errors
from stodplattform.core.pagination import BoundedPaginator
from stodplattform.core.permissions import can, require
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Role

from . import checks_services as services
from .checks_charts import history_chart
from .checks_forms import CheckForm, ReturnForm, initial_from
from .models import CheckStatus, Score, SustainabilityCheck

PAGE_SIZE = 50


def _enterprises(user):
    """The enterprises whose checks the user may see: managed ones and those of coordinated platforms."""
    if user.is_superuser:
        return Enterprise.objects.all()
    return Enterprise.objects.filter(
        Q(pk__in=access.managed_enterprise_ids(user))
        | Q(platform_id__in=access.platforms_with_role(user, {Role.COORDINATOR}))
    )


def _enterprise(request, slug, perm="followup.view_checks") -> Enterprise:
    enterprise = get_object_or_404(_enterprises(request.user).select_related("platform"), slug=slug)
    require(request.user, perm, enterprise)
    return enterprise


def _check(request, slug, year, perm=None) -> SustainabilityCheck:
    check = get_object_or_404(
        SustainabilityCheck.objects.visible_to(request.user).select_related(
            "enterprise__platform", "agreed_by"
        ),
        enterprise__slug=slug,
        year=year,
    )
    if perm:
        require(request.user, perm, check)
    return check


@login_required
def overview(request):
    """The enterprises the person follows, each with its latest check and its state."""
    require(request.user, "followup.list_checks")
    latest = SustainabilityCheck.objects.filter(enterprise=OuterRef("pk")).order_by("-year")
    enterprises = (
        _enterprises(request.user)
        .select_related("platform")
        .annotate(
            latest_year=Subquery(latest.values("year")[:1]),
            latest_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("platform__name", "name", "pk")
    )
    waiting = request.GET.get("waiting") == "1"
    if waiting:
        enterprises = enterprises.filter(sustainability_checks__status=CheckStatus.SUBMITTED).distinct()
    page = BoundedPaginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    labels = dict(CheckStatus.choices)
    rows = [(e, labels.get(e.latest_status, "")) for e in page.object_list]
    return render(
        request,
        "followup/checks/overview.html",
        {
            "page": page,
            "rows": rows,
            "waiting": waiting,
            "can_import": can(request.user, "followup.import_key_figures"),
        },
    )


def _start_links(enterprise, check, weakest) -> list[dict]:
    """One-click starts of support for the weakest areas: links that pre-fill the other forms."""
    links = []
    for score in weakest:
        label = score.get_area_display()
        title = _("Sustainability check %(year)s: %(area)s") % {"year": check.year, "area": label}
        case = urlencode(
            {
                "enterprise": enterprise.slug,
                "category": services.SUPPORT_CATEGORY[score.area],
                "title": title,
            }
        )
        intervention = urlencode(
            {
                "platform": enterprise.platform.slug,
                "enterprise": enterprise.slug,
                "category": services.INTERVENTION_CATEGORY[score.area],
                "title": title,
            }
        )
        links.append(
            {
                "score": score,
                "case_url": f"{reverse('support-case-create')}?{case}",
                "intervention_url": f"{reverse('interventions-create')}?{intervention}",
            }
        )
    return links


@login_required
def history(request, slug):
    """An enterprise's checks over the years: a chart, the same figures as a table, and the weakest areas."""
    enterprise = _enterprise(request, slug)
    found = services.check_history(enterprise)
    agreed = [c for c in found.checks if c.status == CheckStatus.AGREED]
    latest = agreed[-1] if agreed else None
    weakest = services.weakest_areas(latest)
    chart = base64.b64encode(history_chart(found).encode()).decode() if found.checks else None
    return render(
        request,
        "followup/checks/history.html",
        {
            "enterprise": enterprise,
            "history": found,
            "chart": chart,
            "latest": latest,
            "starts": _start_links(enterprise, latest, weakest) if latest else [],
            "can_add": can(request.user, "followup.add_check", enterprise),
        },
    )


@login_required
def create(request, slug):
    enterprise = _enterprise(request, slug, "followup.add_check")
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        if SustainabilityCheck.objects.filter(enterprise=enterprise, year=year).exists():
            form.add_error("year", services.exists_message(year))
        else:
            try:
                check = services.save_check(
                    enterprise=enterprise,
                    year=year,
                    scores=form.scores(),
                    by=request.user,
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _saved_message(check))
                return redirect("followup-check-detail", enterprise.slug, check.year)
    return render(
        request, "followup/checks/form.html", {"form": form, "enterprise": enterprise, "creating": True}
    )


def _saved_message(check) -> str:
    if check.status == CheckStatus.SUBMITTED:
        return _("The check was sent to the coordinator for agreement.")
    return _("The check was saved as a draft.")


@login_required
def edit(request, slug, year):
    check = _check(request, slug, year, "followup.change_check")
    form = CheckForm(request.POST or None, initial=initial_from(check), editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_check(
                enterprise=check.enterprise,
                year=check.year,
                scores=form.scores(),
                by=request.user,
                submit="submit" in request.POST,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            check.refresh_from_db()
            messages.success(request, _saved_message(check))
            return redirect("followup-check-detail", slug, year)
    return render(
        request, "followup/checks/form.html", {"form": form, "enterprise": check.enterprise, "check": check}
    )


@login_required
def detail(request, slug, year):
    check = _check(request, slug, year)
    scores = list(check.scores.all())
    entries = list(history_for(check, related=[(Score, [s.pk for s in scores])], limit=30))
    for entry in entries:
        entry.described = describe(entry)
    return render(
        request,
        "followup/checks/detail.html",
        {
            "check": check,
            "enterprise": check.enterprise,
            "scores": scores,
            "can_change": can(request.user, "followup.change_check", check),
            "can_agree": can(request.user, "followup.agree_check", check),
            "entries": entries,
        },
    )


@login_required
@require_POST
def submit(request, slug, year):
    check = _check(request, slug, year, "followup.change_check")
    try:
        services.submit_check(check, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _saved_message(check))
    return redirect("followup-check-detail", slug, year)


@login_required
@require_POST
def agree(request, slug, year):
    check = _check(request, slug, year, "followup.agree_check")
    try:
        services.agree_check(check, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("followup-check-detail", slug, year)
    messages.success(request, _("The check for %(year)s is agreed.") % {"year": check.year})
    return redirect("followup-check-history", slug)


@login_required
def send_back(request, slug, year):
    check = _check(request, slug, year, "followup.agree_check")
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_check(check, note=form.cleaned_data["note"], by=request.user)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The check was sent back to the manager."))
            return redirect("followup-check-detail", slug, year)
    return render(
        request, "followup/checks/return.html", {"form": form, "check": check, "enterprise": check.enterprise}
    )
