from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from stodplattform.core.pagecache import cache_public
from stodplattform.core.panels import collect
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Membership, Municipality, Platform, Role

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
    featured = public.select_related("municipality", "platform").order_by("?")[:3]
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


@cache_public
def platform_detail(request, slug):
    platform = get_object_or_404(Platform.objects.public().prefetch_related("municipalities"), slug=slug)
    members = (
        Membership.objects.current()
        .filter(platform=platform, show_publicly=True)
        .exclude(role__in=[Role.OBSERVER, Role.MANAGER])
        .order_by("role", "organisation", "title")
    )
    groups = {}
    for member in members:
        groups.setdefault(member.get_role_display(), []).append(member)
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
