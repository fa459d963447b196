from django.urls import path

from . import views

urlpatterns = [
    path("evenemang/", views.event_list, name="events-list"),
    path("evenemang/arkiv/", views.archive, name="events-archive"),
    path("evenemang/nytt/", views.create, name="events-create"),
    path("evenemang/avboka/<str:token>/", views.cancel, name="events-cancel"),
    path("evenemang/aterkoppling/<str:token>/", views.feedback, name="events-feedback"),
    path("evenemang/<slug:slug>/", views.detail, name="events-detail"),
    path("evenemang/<slug:slug>/kalender.ics", views.ics, name="events-ics"),
    path("evenemang/<slug:slug>/redigera/", views.edit, name="events-edit"),
    path("evenemang/<slug:slug>/utstallare/", views.exhibit, name="events-exhibit"),
    path(
        "evenemang/<slug:slug>/utstallare/<int:pk>/ta-bort/",
        views.exhibitor_remove,
        name="events-exhibitor-remove",
    ),
    path("evenemang/<slug:slug>/deltagare/", views.attendees, name="events-attendees"),
    path(
        "evenemang/<slug:slug>/deltagare/<int:pk>/avboka/",
        views.registration_cancel,
        name="events-registration-cancel",
    ),
    path(
        "evenemang/<slug:slug>/deltagare.csv",
        views.attendees_export,
        {"fmt": "csv"},
        name="events-export-csv",
    ),
    path(
        "evenemang/<slug:slug>/deltagare.xlsx",
        views.attendees_export,
        {"fmt": "xlsx"},
        name="events-export-xlsx",
    ),
    path("evenemang/<slug:slug>/incheckning/", views.checkin, name="events-checkin"),
    path("evenemang/<slug:slug>/incheckning/<int:pk>/", views.checkin_toggle, name="events-checkin-toggle"),
    path("evenemang/<slug:slug>/namnskyltar/", views.badges, name="events-badges"),
    path("evenemang/<slug:slug>/namnskyltar.pdf", views.badges_pdf, name="events-badges-pdf"),
    path("evenemang/<slug:slug>/be-om-aterkoppling/", views.feedback_request, name="events-feedback-request"),
]
