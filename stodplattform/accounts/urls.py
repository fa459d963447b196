from django.urls import path

from . import views

urlpatterns = [
    path("konto/api-nycklar/", views.tokens, name="accounts-tokens"),
    path("konto/api-nycklar/<int:pk>/aterkalla/", views.revoke_token, name="accounts-token-revoke"),
]
