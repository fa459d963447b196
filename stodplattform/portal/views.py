from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from stodplattform.core.panels import collect
from stodplattform.enterprises.models import Enterprise
from stodplattform.platforms import access
from stodplattform.platforms.models import Membership, Platform, Role


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


def platform_list(request):
    platforms = (
        Platform.objects.public()
        .annotate(listed=Count("enterprises", filter=Q(enterprises__in=Enterprise.objects.public())))
        .prefetch_related("municipalities")
        .order_by("name")
    )
    return render(request, "portal/platform_list.html", {"platforms": platforms})


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
        Enterprise.objects.public().filter(platform=platform).select_related("municipality").order_by("name")
    )
    return render(
        request,
        "portal/platform_detail.html",
        {"platform": platform, "member_groups": groups, "enterprises": enterprises},
    )
