from django.urls import path

from . import views

urlpatterns = [
    path("plattformar/<slug:slug>/medlemmar/", views.members, name="platforms-members"),
    path("plattformar/<slug:slug>/medlemmar/bjud-in/", views.invite_view, name="platforms-invite"),
    path("plattformar/<slug:slug>/namn-och-farg/", views.identity, name="platforms-identity"),
    path("plattformar/<slug:slug>/medlemmar/historik/", views.history, name="platforms-history"),
    path(
        "plattformar/<slug:slug>/medlemmar/<int:pk>/", views.membership_edit, name="platforms-membership-edit"
    ),
    path(
        "plattformar/<slug:slug>/medlemmar/<int:pk>/avsluta/",
        views.membership_end,
        name="platforms-membership-end",
    ),
    path(
        "plattformar/<slug:slug>/inbjudningar/<int:pk>/skicka-igen/",
        views.invitation_resend,
        name="platforms-invitation-resend",
    ),
    path(
        "plattformar/<slug:slug>/inbjudningar/<int:pk>/dra-tillbaka/",
        views.invitation_withdraw,
        name="platforms-invitation-withdraw",
    ),
    path("inbjudan/<str:token>/", views.invitation_accept, name="platforms-invitation"),
]
