from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "stodplattform.financing"
    label = "financing"
    verbose_name = _("Financing, procurement and quality labels")
