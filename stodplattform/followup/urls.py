from django.urls import path  # noqa: F401

from . import checks_views, imports

urlpatterns = []

# The sustainability check and the import of key figures (sust17).
urlpatterns += [
    path("uppfoljning/barkraft/", checks_views.overview, name="followup-checks"),
    path("uppfoljning/barkraft/<slug:slug>/", checks_views.history, name="followup-check-history"),
    path("uppfoljning/barkraft/<slug:slug>/ny/", checks_views.create, name="followup-check-create"),
    path("uppfoljning/barkraft/<slug:slug>/<int:year>/", checks_views.detail, name="followup-check-detail"),
    path("uppfoljning/barkraft/<slug:slug>/<int:year>/andra/", checks_views.edit, name="followup-check-edit"),
    path(
        "uppfoljning/barkraft/<slug:slug>/<int:year>/skicka/",
        checks_views.submit,
        name="followup-check-submit",
    ),
    path(
        "uppfoljning/barkraft/<slug:slug>/<int:year>/godkann/",
        checks_views.agree,
        name="followup-check-agree",
    ),
    path(
        "uppfoljning/barkraft/<slug:slug>/<int:year>/skicka-tillbaka/",
        checks_views.send_back,
        name="followup-check-return",
    ),
    path("uppfoljning/import/", imports.upload, name="followup-import"),
    path("uppfoljning/import/mall/", imports.template, name="followup-import-template"),
    path("uppfoljning/import/spara/", imports.save, name="followup-import-save"),
]
