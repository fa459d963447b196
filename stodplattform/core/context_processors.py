from django.conf import settings


def site(request):
    return {
        # django-htmx's {% htmx_script %} looks for this name.
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "SITE_URL": settings.SITE_URL,
    }
