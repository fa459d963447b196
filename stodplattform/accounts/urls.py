"""Sign-in and the account pages, under Swedish paths.

allauth's views keep their URL names (``account_login`` …), which its own
templates and redirects reverse; only the paths are ours. ``login`` and
``logout`` are kept as names for the same pages.
"""

from allauth.account import views as account_views
from django.urls import include, path, re_path

from . import views

urlpatterns = [
    path("logga-in/", account_views.login, name="account_login"),
    path("logga-in/", account_views.login, name="login"),
    path("logga-ut/", account_views.logout, name="account_logout"),
    path("logga-ut/", account_views.logout, name="logout"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("konto/", views.account, name="accounts-account"),
    path("konto/sakerhet/", views.security, name="accounts-security"),
    path("konto/api-nycklar/", views.tokens, name="accounts-tokens"),
    path("konto/api-nycklar/<int:pk>/aterkalla/", views.revoke_token, name="accounts-token-revoke"),
    path("konto/inaktivt/", account_views.account_inactive, name="account_inactive"),
    # Nobody signs up (the adapter says so); the page explains that accounts come by invitation.
    path("konto/registrera/", account_views.signup, name="account_signup"),
    path("konto/bekrafta-inloggning/", account_views.reauthenticate, name="account_reauthenticate"),
    path(
        "konto/bekrafta-inloggning/kod/",
        account_views.request_reauthentication_code,
        name="account_request_reauthentication_code",
    ),
    path(
        "konto/bekrafta-inloggning/kod/bekrafta/",
        account_views.confirm_reauthentication_code,
        name="account_confirm_reauthentication_code",
    ),
    path("konto/e-post/", account_views.email, name="account_email"),
    path(
        "konto/e-post/skickat/", account_views.email_verification_sent, name="account_email_verification_sent"
    ),
    re_path(
        r"^konto/e-post/bekrafta/(?P<key>[-:\w]+)/$",
        account_views.confirm_email,
        name="account_confirm_email",
    ),
    path("konto/losenord/", account_views.password_change, name="account_change_password"),
    path("konto/losenord/nytt/", account_views.password_set, name="account_set_password"),
    path("konto/glomt-losenord/", account_views.password_reset, name="account_reset_password"),
    path(
        "konto/glomt-losenord/skickat/", account_views.password_reset_done, name="account_reset_password_done"
    ),
    re_path(
        r"^konto/glomt-losenord/nyckel/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "konto/glomt-losenord/klart/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    path("konto/tvastegsinloggning/", include("allauth.mfa.urls")),
    path("konto/sessioner/", include("allauth.usersessions.urls")),
]
