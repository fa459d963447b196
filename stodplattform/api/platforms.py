from django.conf import settings
from django.shortcuts import get_object_or_404
from ninja import Router
from ninja.decorators import decorate_view

from stodplattform.core.pagecache import cache_public
from stodplattform.platforms.models import Platform

from .auth import PUBLIC, PUBLIC_OPENAPI
from .schemas import SLUG_PATH, ErrorOut, PlatformOut

router = Router(auth=PUBLIC)


def platform_out(platform: Platform) -> dict:
    return {
        "slug": platform.slug,
        "name": platform.name,
        "operator": platform.operator,
        "funder": platform.funder,
        "contact_email": platform.contact_email,
        "contact_phone": platform.contact_phone,
        "description": platform.description,
        "municipalities": [{"code": m.code, "name": m.name} for m in platform.municipalities.all()],
        "url": settings.SITE_URL.rstrip("/") + platform.get_absolute_url(),
    }


def _platforms(request):
    return Platform.objects.reachable_by(request.user).prefetch_related("municipalities").order_by("name")


@router.get(
    "",
    response={200: list[PlatformOut], 401: ErrorOut},
    summary="List platforms",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def list_platforms(request):
    """Public platforms, and the non-public ones the caller is a member of."""
    return [platform_out(p) for p in _platforms(request)]


@router.get(
    "/{slug:slug}",
    response={200: PlatformOut, 401: ErrorOut, 404: ErrorOut},
    summary="One platform",
    openapi_extra=PUBLIC_OPENAPI,
)
@decorate_view(cache_public)
def get_platform(request, slug: str = SLUG_PATH):
    return platform_out(get_object_or_404(_platforms(request), slug=slug))
