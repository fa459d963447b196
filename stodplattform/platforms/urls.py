from django.urls import path

from . import views

urlpatterns = [
    path("plattformar/", views.listing, name="platforms-list"),
    path("plattformar/<slug:slug>/", views.detail, name="platforms-detail"),
]
