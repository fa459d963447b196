from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "stodplattform.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprise registry")

    def ready(self):
        from stodplattform.core.audit import track

        from .models import Enterprise, OpeningException, OpeningHours, Photo

        # reviewed_at is bookkeeping: saving an unchanged profile confirms it without a history
        # entry; is_example ends with a rewritten description, which the history already shows.
        track(Enterprise, m2m_fields={"industries"}, exclude_fields=["reviewed_at", "is_example"])
        # The showcase's parts show in the enterprise's history (history_for(..., parts=...)).
        for part in (Photo, OpeningHours, OpeningException):
            track(part, exclude_fields=["enterprise"])
