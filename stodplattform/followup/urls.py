from django.urls import path

from . import checks_views, imports, views

# The key figures (keyfig): keep these first; the sustainability check and the import follow.
urlpatterns = [
    path("nyckeltal/", views.index, name="followup-index"),
    path("nyckeltal/foretag/<slug:slug>/", views.enterprise_figures, name="followup-enterprise"),
    path("nyckeltal/foretag/<slug:slug>/export.<str:fmt>", views.export, name="followup-export"),
    path("nyckeltal/foretag/<slug:slug>/<int:year>/", views.year_detail, name="followup-year"),
    path("nyckeltal/foretag/<slug:slug>/<int:year>/redigera/", views.edit, name="followup-edit"),
    path("nyckeltal/foretag/<slug:slug>/<int:year>/rapportera/", views.submit, name="followup-submit"),
    path("nyckeltal/foretag/<slug:slug>/<int:year>/granska/", views.check, name="followup-check"),
    path("nyckeltal/foretag/<slug:slug>/<int:year>/oppna/", views.reopen, name="followup-reopen"),
    path("nyckeltal/plattform/<slug:slug>/", views.overview, name="followup-overview"),
    path("nyckeltal/plattform/<slug:slug>/sista-dag/", views.due_date, name="followup-due-date"),
]

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
