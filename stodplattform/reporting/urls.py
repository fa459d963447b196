from django.urls import path

from . import views

urlpatterns = [
    path("siffror/plattform/<slug:slug>/", views.dashboard, name="reporting-dashboard"),
    path("siffror/foretag/<slug:slug>/", views.enterprise, name="reporting-enterprise"),
    path("siffror/rapport/<slug:slug>/", views.report, name="reporting-report"),
    path("siffror/lan/<slug:code>/", views.county, name="reporting-county"),
    path("statistik/plattform/<slug:slug>/", views.public_platform, name="reporting-public-platform"),
    path("statistik/lan/<slug:code>/", views.public_region, name="reporting-public-region"),
]
