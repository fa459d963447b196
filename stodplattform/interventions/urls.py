from django.urls import path

from . import views

urlpatterns = [
    path("budget/<slug:slug>/", views.budget_overview, name="interventions-budget"),
    path("budget/<slug:slug>/ny/", views.budget_create, name="interventions-budget-create"),
    path("budget/<slug:slug>/<int:year>/redigera/", views.budget_edit, name="interventions-budget-edit"),
    path("insatser/", views.intervention_list, name="interventions-list"),
    path("insatser/ny/", views.intervention_create, name="interventions-create"),
    path("insatser/<int:pk>/", views.intervention_detail, name="interventions-detail"),
    path("insatser/<int:pk>/redigera/", views.intervention_edit, name="interventions-edit"),
    path("insatser/<int:pk>/skicka-in/", views.intervention_submit, name="interventions-submit"),
    path("insatser/<int:pk>/bered/", views.intervention_prepare, name="interventions-prepare"),
    path("insatser/<int:pk>/beslut/", views.intervention_decide, name="interventions-decide"),
    path("insatser/<int:pk>/starta/", views.intervention_start, name="interventions-start"),
    path("insatser/<int:pk>/utgift/", views.intervention_expense, name="interventions-expense"),
    path("insatser/<int:pk>/rapport/", views.intervention_report, name="interventions-report"),
    path("insatser/<int:pk>/avsluta/", views.intervention_close, name="interventions-close"),
    path("insatser/<int:pk>/avbryt/", views.intervention_cancel, name="interventions-cancel"),
    path("insatser/<int:pk>/bilagor/", views.attachment_add, name="interventions-attach"),
    path("insatser/bilagor/<int:pk>/", views.attachment_download, name="interventions-attachment"),
    path("insatser/utgifter/<int:pk>/granska/", views.expense_review, name="interventions-expense-review"),
    path("insatser/utgifter/<int:pk>/underlag/", views.expense_attachment, name="interventions-expense-file"),
]
