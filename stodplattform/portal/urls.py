from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("min-sida/", views.start, name="portal-start"),
    path("har-du-en-ide/", views.idea, name="portal-idea"),
    path("tillganglighet/", views.accessibility, name="portal-accessibility"),
    path("personuppgifter/", views.privacy, name="portal-privacy"),
    path("personuppgifter/person/", views.person_data, name="portal-person-data"),
    path("personuppgifter/person/export/", views.person_export, name="portal-person-export"),
    path("personuppgifter/person/radera/", views.person_erase, name="portal-person-erase"),
    path("plattformar/", views.platform_list, name="platforms-list"),
    path("plattformar/<slug:slug>/", views.platform_detail, name="platforms-detail"),
    # The benchmark's floor (bench/run): every page is measured as a ratio to it.
    path("_bench/floor", views.bench_floor, name="bench-floor"),
]
