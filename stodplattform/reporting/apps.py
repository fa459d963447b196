from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "stodplattform.reporting"
    label = "reporting"
    verbose_name = _("Reporting and statistics")

    def ready(self):
        from stodplattform.core.audit import track

        from .models import FunderReport

        track(FunderReport)
