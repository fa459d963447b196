from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from stodplattform.api.api import api
from stodplattform.core import health
from stodplattform.core.media import serve_media

handler400 = "stodplattform.core.errors.bad_request"
handler500 = "stodplattform.core.errors.server_error"

# The admin signs in through allauth: the same throttling and second factor as the site.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Stödplattformen – administration")
admin.site.site_title = _("Stödplattformen – administration")
admin.site.index_title = _("Administration of platforms, people and registers")

urlpatterns = [
    path("", include("stodplattform.portal.urls")),
    # Before Django's i18n URLs: our set_language also saves a signed-in person's choice.
    path("", include("stodplattform.accounts.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("stodplattform.enterprises.urls")),
    path("", include("stodplattform.interventions.urls")),
    path("", include("stodplattform.events.urls")),
    path("", include("stodplattform.platforms.urls")),
    path("", include("stodplattform.support.urls")),
    path("", include("stodplattform.meetings.urls")),
    path("", include("stodplattform.followup.urls")),
    path("", include("stodplattform.financing.urls")),
    path("", include("stodplattform.reporting.urls")),
    path("api/v1/", api.urls),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_ADMIN:
    from stodplattform.portal import benchadmin

    urlpatterns += [path("_bench/admin/", benchadmin.site.urls)]

if settings.SERVE_MEDIA:
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
