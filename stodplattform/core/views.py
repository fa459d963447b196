from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import render

from stodplattform.core import access
from stodplattform.enterprises.models import Enterprise, Status
from stodplattform.platforms.models import Platform, Role


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
        "core/home.html",
        {"platforms": platforms, "featured": featured, "enterprise_count": public.count()},
    )


@login_required
def dashboard(request):
    """The signed-in start page: what each of the user's roles gives them."""
    user = request.user
    roles = access.platform_roles(user)
    platforms = list(
        access.scope_platforms(Platform.objects.all(), user).order_by("name")
        if not user.is_superuser
        else Platform.objects.filter(pk__in=list(roles)).order_by("name")
    )
    for platform in platforms:
        platform.my_roles = sorted(Role(r).label for r in roles.get(platform.pk, ()))
        platform.is_coordinator = Role.COORDINATOR in roles.get(platform.pk, ())
    enterprises = (
        Enterprise.objects.visible_to(user)
        .select_related("platform", "municipality")
        .order_by("platform__name", "name")
    )
    status_counts = dict(
        enterprises.order_by().values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return render(
        request,
        "core/dashboard.html",
        {
            "platforms": platforms,
            "enterprises": enterprises,
            "managed_ids": access.managed_enterprise_ids(user),
            "editable_ids": set(Enterprise.objects.editable_by(user).values_list("pk", flat=True)),
            "status_counts": [(s.label, status_counts.get(s.value, 0)) for s in Status],
            "can_create": bool(access.platforms_with_role(user, {Role.COORDINATOR})) or user.is_superuser,
        },
    )
