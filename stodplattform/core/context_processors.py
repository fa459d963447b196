from django.conf import settings


def site(request):
    return {
        # No "csp_nonce": django-htmx's {% htmx_script %} would put it on its <script src>, which
        # needs none ('self'), and a page with a nonce is not kept by the public cache.
        "SITE_URL": settings.SITE_URL,
    }
