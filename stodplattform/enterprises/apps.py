from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "stodplattform.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprise registry")

    def ready(self):
        from stodplattform.core.audit import track

        from .models import Enterprise, EnterpriseManager

        track(Enterprise, m2m_fields={"industries"})
        track(EnterpriseManager)
