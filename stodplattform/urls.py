from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve

from stodplattform.api.api import api

# The admin signs in through allauth: the same throttling and second factor as the site.
admin.site.login = secure_admin_login(admin.site.login)

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
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", serve, {"document_root": settings.MEDIA_ROOT})
    ]
