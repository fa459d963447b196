from django.urls import path

from . import views

urlpatterns = [
    path("fa-stod/", views.request_support, name="support-request"),
    path("fa-stod/tack/", views.request_sent, name="support-request-sent"),
    path("arenden/", views.inbox, name="support-inbox"),
    path("arenden/statistik/", views.counts, name="support-counts"),
    path("arenden/nytt/", views.case_create, name="support-case-create"),
    path("arenden/tid/", views.time, name="support-time"),
    path("arenden/startpipeline/", views.pipeline, name="support-pipeline"),
    path("arenden/startpipeline/ny/", views.prospect_create, name="support-prospect-create"),
    path("arenden/startpipeline/<int:pk>/steg/", views.prospect_stage, name="support-prospect-stage"),
    path(
        "arenden/startpipeline/<int:pk>/registrera/",
        views.prospect_register,
        name="support-prospect-register",
    ),
    path("arenden/<int:pk>/", views.case_detail, name="support-case"),
    path("arenden/<int:pk>/redigera/", views.case_edit, name="support-case-edit"),
    path("arenden/<int:pk>/anteckning/", views.case_entry, name="support-case-entry"),
    path("arenden/<int:pk>/status/", views.case_status, name="support-case-status"),
    path("arenden/<int:pk>/tilldela/", views.case_assign, name="support-case-assign"),
    path("arenden/<int:pk>/startpipeline/", views.case_to_pipeline, name="support-case-to-pipeline"),
    path("arenden/<int:pk>/bilaga/<int:entry_pk>/", views.attachment, name="support-attachment"),
]
