from django.urls import path

from . import views

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
