"""The admin's index in the platform's words: third-party apps whose names have no Swedish.

allauth's sessions and authenticators, and auditlog, name themselves in English (or not
at all: a model without verbose_name). Their models cannot be renamed without migrations
in those packages, so the admin's app list is renamed instead; the pages themselves keep
Django's Swedish.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

NAMES = {
    ("account", None): _("E-mail"),
    ("account", "EmailAddress"): _("E-mail addresses"),
    ("mfa", None): _("Two-factor login"),
    ("mfa", "Authenticator"): _("Second factors"),
    ("usersessions", None): _("Sessions"),
    ("usersessions", "UserSession"): _("Signed-in sessions"),
    ("auditlog", None): _("Change history"),
}

_get_app_list = admin.site.get_app_list


def get_app_list(request, app_label=None):
    apps = _get_app_list(request, app_label)
    for app in apps:
        app["name"] = NAMES.get((app["app_label"], None), app["name"])
        for model in app["models"]:
            model["name"] = NAMES.get((app["app_label"], model["object_name"]), model["name"])
    return apps


admin.site.get_app_list = get_app_list
