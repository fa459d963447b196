from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from stodplattform.core.pagecache import cache_public
from stodplattform.core.panels import collect
from stodplattform.core.permissions import require
from stodplattform.core.privacy import kinds as personal_data_kinds
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Membership, Municipality, Platform, Role

from . import services
from .forms import EraseForm, MunicipalityForm, PersonForm

# A platform page lists its enterprises this many at a time (a national platform has thousands).
PLATFORM_PAGE_SIZE = 50


@cache_public
def home(request):
    public = Enterprise.objects.public()
    platforms = (
        Platform.objects.public()
        .annotate(listed=Count("enterprises", filter=Q(enterprises__in=public)))
        .prefetch_related("municipalities")
        .order_by("name")
    )
    featured = public.select_related("municipality", "platform").prefetch_related("photos").order_by("?")[:3]
    return render(
        request,
        "portal/home.html",
        {"platforms": platforms, "featured": featured, "enterprise_count": public.count()},
    )


@login_required
def start(request):
    """Each person's start page ("Min sida"): the panels every capability has for them."""
    has_role = request.user.is_superuser or bool(access.platform_roles(request.user))
    return render(request, "portal/start.html", {"panels": collect("start", request), "has_role": has_role})


@cache_public
def platform_list(request):
    platforms = (
        Platform.objects.public()
        .annotate(listed=Count("enterprises", filter=Q(enterprises__in=Enterprise.objects.public())))
        .prefetch_related("municipalities")
        .order_by("name")
    )
    return render(request, "portal/platform_list.html", {"platforms": platforms})


# Not cached: the page carries a CSP nonce (the platform's colour).
def platform_detail(request, slug):
    platform = get_object_or_404(
        Platform.objects.public().prefetch_related("municipalities__region"), slug=slug
    )
    members = (
        Membership.objects.current()
        .filter(platform=platform, show_publicly=True)
        .exclude(role__in=[Role.OBSERVER, Role.MANAGER])
        .order_by("role", "organisation", "title")
    )
    # Headed by the group, not by one member's title: "Styrgruppen", not "Styrgruppsledamot".
    headings = {
        Role.STEERING: _("The steering group"),
        Role.COOPTED: _("Co-opted support people"),
    }
    groups = {}
    for member in members:
        groups.setdefault(headings.get(member.role, member.get_role_display()), []).append(member)
    enterprises = (
        Enterprise.objects.public()
        .filter(platform=platform)
        .select_related("municipality")
        .only("name", "slug", "municipality__name")
        .order_by("name", "pk")
    )
    page = Paginator(enterprises, PLATFORM_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/platform_detail.html",
        {"platform": platform, "member_groups": groups, "page": page, "query": ""},
    )


@never_cache
@require_GET
def bench_floor(request):
    """The benchmark's floor: one row of public reference data through the whole middleware.

    Every page is measured as a ratio to this one in the same run (bench/run), so the
    numbers mean something on any machine. It shows only a municipality's name, which is
    public, costs one indexed query, and writes nothing: harmless to leave on.
    """
    municipality = Municipality.objects.only("name").order_by("code").first()
    return HttpResponse(municipality.name if municipality else "-", content_type="text/plain; charset=utf-8")


@cache_public
def idea(request):
    """ "Har du en idé?": how starting a social enterprise goes, and the platform of one's municipality."""
    form = MunicipalityForm(request.GET if "kommun" in request.GET else None)
    municipality = platforms = nearby = None
    status = 200
    if form.is_bound:
        if form.is_valid():
            municipality = form.cleaned_data["kommun"]
            platforms = list(Platform.objects.public().filter(municipalities=municipality).order_by("name"))
            if not platforms:
                # No platform here: perhaps one elsewhere in the same county.
                nearby = list(
                    Platform.objects.public()
                    .filter(municipalities__region=municipality.region)
                    .distinct()
                    .prefetch_related("municipalities")
                    .order_by("name")
                )
        else:
            status = 400
    return render(
        request,
        "portal/idea.html",
        {"form": form, "municipality": municipality, "platforms": platforms, "nearby": nearby},
        status=status,
    )


@cache_public
def accessibility(request):
    """Tillgänglighetsredogörelse: the accessibility statement the law on public websites asks for."""
    return render(request, "portal/accessibility.html", {"platforms": _contacts()})


@cache_public
def privacy(request):
    """What the platform stores about people, why, and for how long."""
    from django.conf import settings

    return render(
        request,
        "portal/privacy.html",
        {
            "platforms": _contacts(),
            "session_hours": settings.SESSION_IDLE_SECONDS // 3600,
            "events_days": settings.EVENTS_RETENTION_DAYS,
            "confidential_months": settings.SUPPORT_CONFIDENTIAL_RETENTION_MONTHS,
            "invitation_days": settings.INVITATION_VALID_DAYS,
            "kinds": register_of_processing(),
        },
    )


def register_of_processing() -> list[dict]:
    """The privacy page's table: every kind of personal data, from core.privacy."""
    return [
        {
            "key": kind.key,
            "title": kind.title,
            "stored": kind.stored,
            "purpose": kind.purpose,
            "legal_basis": kind.legal_basis,
            "seen_by": kind.seen_by,
            "retention": kind.retention(),
            "setting": kind.setting,
        }
        for kind in personal_data_kinds()
    ]


def _contacts():
    return Platform.objects.public().order_by("name").only("name", "slug", "contact_email", "contact_phone")


# -- One person's personal data: look up, export, erase ------------------------------
# Always POST: the person's e-mail address stays out of addresses, logs and history.


def _person_or_404(request, form) -> services.Holdings:
    holdings = services.holdings_of(services.find_person(form.cleaned_data["email"]))
    if not services.may_act_for(request.user, holdings):
        # Nobody of the coordinator's platforms: as for any record out of scope.
        raise Http404
    return holdings


@login_required
@never_cache
def person_data(request):
    """A coordinator's (or superuser's) look-up of what the platform holds about one person."""
    require(request.user, "portal.manage_personal_data")
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        holdings = _person_or_404(request, form)
        return render(
            request,
            "portal/person_data.html",
            {
                "form": form,
                "holdings": holdings,
                "rows": [(kind, len(found)) for kind, found in holdings.kinds if found],
                "refusals": services.refusals(holdings, by=request.user),
            },
        )
    return render(request, "portal/person_lookup.html", {"form": form}, status=400 if form.is_bound else 200)


@login_required
@require_POST
def person_export(request):
    """Everything about the person as JSON or a readable PDF; each export is recorded in the history."""
    require(request.user, "portal.manage_personal_data")
    form = PersonForm(request.POST)
    if not form.is_valid():
        return render(request, "portal/person_lookup.html", {"form": form}, status=400)
    holdings = _person_or_404(request, form)
    services.export_person(holdings.person, by=request.user)
    stamp = timezone.localdate().isoformat()
    if request.POST.get("format") == "pdf":
        response = HttpResponse(person_pdf(holdings), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="personuppgifter-{stamp}.pdf"'
        return response
    response = JsonResponse(holdings.as_json(), json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="personuppgifter-{stamp}.json"'
    return response


def person_pdf(holdings: services.Holdings) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "portal/person_data_pdf.html",
        {"data": holdings.as_json(), "kinds": holdings.kinds, "LANG": get_language()},
    )
    return HTML(string=html).write_pdf()


@login_required
@require_POST
def person_erase(request):
    """The confirmation page, then (``step=confirm`` with the box ticked) the erasure.

    Refusals (the last coordinator, the checker of unlocked minutes) are shown with their reason.
    """
    require(request.user, "portal.manage_personal_data")
    lookup = PersonForm(request.POST)
    if not lookup.is_valid():
        return render(request, "portal/person_lookup.html", {"form": lookup}, status=400)
    holdings = _person_or_404(request, lookup)
    reasons = services.refusals(holdings, by=request.user)
    confirming = request.POST.get("step") == "confirm"
    form = EraseForm(request.POST) if confirming else EraseForm(initial={"email": holdings.person.email})
    if confirming and not reasons and form.is_valid():
        try:
            services.erase_person(holdings.person, by=request.user)
        except ValidationError as error:
            reasons = error.messages
        else:
            messages.success(request, _("The person's personal data has been erased."))
            return redirect("portal-person-data")
    return render(
        request,
        "portal/person_erase.html",
        {"form": form, "holdings": holdings, "refusals": reasons},
        status=400 if confirming else 200,
    )
