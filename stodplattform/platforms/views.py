from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from stodplattform.enterprises.models import Enterprise

from .models import Membership, Platform, Role


def detail(request, slug):
    platform = get_object_or_404(Platform.objects.public().prefetch_related("municipalities"), slug=slug)
    members = (
        Membership.objects.current()
        .filter(platform=platform, show_publicly=True)
        .exclude(role=Role.OBSERVER)
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
        "platforms/detail.html",
        {"platform": platform, "member_groups": groups, "enterprises": enterprises},
    )


def listing(request):
    platforms = (
        Platform.objects.public()
        .annotate(
            listed=Count(
                "enterprises",
                filter=Q(enterprises__in=Enterprise.objects.public()),
            )
        )
        .prefetch_related("municipalities")
        .order_by("name")
    )
    return render(request, "platforms/list.html", {"platforms": platforms})
