from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "stodplattform.accounts"
    label = "accounts"
    verbose_name = _("People and sign-in")

    def ready(self):
        from . import receivers

        receivers.connect()
