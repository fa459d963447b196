from django.urls import path

from . import views

urlpatterns = [
    path("foretag/", views.directory, name="enterprises-directory"),
    path("foretag/export.csv", views.directory_export, {"fmt": "csv"}, name="enterprises-export-csv"),
    path("foretag/export.xlsx", views.directory_export, {"fmt": "xlsx"}, name="enterprises-export-xlsx"),
    path("foretag/export.json", views.directory_export, {"fmt": "json"}, name="enterprises-export-json"),
    path("foretag/ny/", views.create, name="enterprises-create"),
    path("foretag/<slug:slug>/", views.detail, name="enterprises-detail"),
    path("foretag/<slug:slug>/redigera/", views.edit, name="enterprises-edit"),
    path("foretag/<slug:slug>/bekrafta/", views.confirm, name="enterprises-confirm"),
    path("sok/synonymer/<slug:slug>/", views.synonyms, name="enterprises-synonyms"),
    path("sok/synonymer/<slug:slug>/<int:pk>/", views.synonym_edit, name="enterprises-synonym-edit"),
    path(
        "sok/synonymer/<slug:slug>/<int:pk>/ta-bort/", views.synonym_delete, name="enterprises-synonym-delete"
    ),
]
