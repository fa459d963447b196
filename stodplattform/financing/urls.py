from django.urls import path

from . import views

urlpatterns = [
    path("finansiering/", views.catalogue, name="financing-catalogue"),
    path("finansiering/utlysning/ny/", views.call_create, name="financing-call-create"),
    path("finansiering/utlysning/<int:pk>/", views.call_detail, name="financing-call"),
    path("finansiering/utlysning/<int:pk>/andra/", views.call_edit, name="financing-call-edit"),
    path("finansiering/utlysning/<int:pk>/sok/<slug:slug>/", views.seek, name="financing-seek"),
    path("finansiering/utlysning/<int:pk>/intresse/<slug:slug>/", views.interest, name="financing-interest"),
    path("finansiering/ansokan/<int:pk>/", views.outcome, name="financing-outcome"),
    path("finansiering/reserverade-kontrakt/<slug:slug>/", views.evidence, name="financing-evidence"),
    path("finansiering/reserverade-kontrakt/<slug:slug>/stadgar/", views.statutes, name="financing-statutes"),
    path("finansiering/kvalitetsmarkningar/<slug:slug>/", views.labels, name="financing-labels"),
    path(
        "finansiering/kvalitetsmarkning/<int:pk>/ta-bort/", views.label_delete, name="financing-label-delete"
    ),
    path("finansiering/upphandling/ny/", views.tender_create, name="financing-tender-create"),
    path("finansiering/upphandling/<int:pk>/", views.tender_detail, name="financing-tender"),
    path("finansiering/upphandling/<int:pk>/andra/", views.tender_edit, name="financing-tender-edit"),
    path(
        "finansiering/upphandling/<int:pk>/svar/<slug:slug>/",
        views.tender_respond,
        name="financing-tender-respond",
    ),
    path(
        "finansiering/upphandling/<int:pk>/intresse/<slug:slug>/",
        views.tender_interest,
        name="financing-tender-interest",
    ),
    path("kopa/<slug:slug>/", views.buyers, name="financing-buyers"),
    path("kopa/lan/<slug:code>/", views.buyers_region, name="financing-buyers-region"),
]
