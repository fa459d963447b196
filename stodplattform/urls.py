from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from stodplattform.accounts.forms import LoginForm
from stodplattform.api.api import api
from stodplattform.core import health
from stodplattform.core import views as core_views
from stodplattform.core.media import serve_media

handler400 = "stodplattform.core.errors.bad_request"
handler500 = "stodplattform.core.errors.server_error"

urlpatterns = [
    path("", core_views.home, name="home"),
    path("oversikt/", core_views.dashboard, name="dashboard"),
    path(
        "logga-in/",
        auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("stodplattform.enterprises.urls")),
    path("", include("stodplattform.platforms.urls")),
    path("", include("stodplattform.accounts.urls")),
    path("api/v1/", api.urls),
    path("healthz", health.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

if settings.SERVE_MEDIA:
    urlpatterns += [
        path(
            f"{settings.MEDIA_URL.strip('/')}/<path:path>",
            serve_media,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]
