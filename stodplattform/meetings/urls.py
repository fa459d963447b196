from django.urls import path

from . import views

urlpatterns = [
    path("moten/", views.meeting_list, name="meetings-list"),
    path("moten/arkiv/", views.archive, name="meetings-archive"),
    path("moten/<int:pk>/", views.detail, name="meetings-detail"),
    path("moten/<int:pk>/andra/", views.edit, name="meetings-edit"),
    path("moten/<int:pk>/kallelse/", views.send_invitation, name="meetings-send-invitation"),
    path("moten/<int:pk>/dagordning/ny/", views.agenda_add, name="meetings-agenda-add"),
    path(
        "moten/<int:pk>/dagordning/<int:item_pk>/bilaga/",
        views.agenda_attachment,
        name="meetings-agenda-attachment",
    ),
    path("moten/<int:pk>/svar/", views.reply, name="meetings-reply"),
    # The signed link of an invitation e-mail (django.core.signing: letters, digits, - _ and :).
    path("moten/svar/<str:token>/", views.reply_link, name="meetings-reply-link"),
    path("moten/<int:pk>/narvaro/", views.attendance, name="meetings-attendance"),
    path("moten/<int:pk>/protokoll/", views.minutes, name="meetings-minutes"),
    path("moten/<int:pk>/beslut/ny/", views.decision_add, name="meetings-decision-add"),
    path("moten/<int:pk>/atgarder/ny/", views.action_add, name="meetings-action-add"),
    path("moten/<int:pk>/justera/", views.lock, name="meetings-lock"),
    path("moten/<int:pk>/tillagg/", views.addition, name="meetings-addition"),
    path("moten/<int:pk>/historik/", views.history, name="meetings-history"),
    path("moten/<int:pk>/mote.ics", views.ics, name="meetings-ics"),
    path("moten/<int:pk>/protokoll.pdf", views.pdf, name="meetings-pdf"),
    path("atgarder/<int:pk>/status/", views.action_status, name="meetings-action-status"),
    path("plattformar/<slug:slug>/moten/ny-serie/", views.series_create, name="meetings-series-create"),
    path("kalender/", views.calendar, name="meetings-calendar"),
    # slug: the alphabet of token_urlsafe, so a NUL byte or other junk never reaches the lookup.
    path("kalender/<slug:token>.ics", views.feed, name="meetings-feed"),
]
