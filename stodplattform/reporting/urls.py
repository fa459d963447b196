from django.urls import path

from . import views

urlpatterns = [
    path("siffror/plattform/<slug:slug>/", views.dashboard, name="reporting-dashboard"),
    path("siffror/foretag/<slug:slug>/", views.enterprise, name="reporting-enterprise"),
    path("siffror/rapport/<slug:slug>/", views.report, name="reporting-report"),
    path("siffror/lan/<str:code>/", views.county, name="reporting-county"),
]
