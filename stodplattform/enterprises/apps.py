from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "stodplattform.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprise registry")

    def ready(self):
        from stodplattform.core.audit import track
        from stodplattform.core.pagecache import invalidates_public_pages

        from . import signals  # noqa: F401 (connects the search index)
        from .models import Enterprise, Industry, Synonym

        # reviewed_at is bookkeeping: saving an unchanged profile confirms it without a history entry.
        track(Enterprise, m2m_fields={"industries"}, exclude_fields=["reviewed_at"])
        track(Synonym)
        # The directory, showcase pages, exports and API lists show these (core/pagecache.py);
        # synonyms change what a search finds.
        invalidates_public_pages(Enterprise, m2m_fields=["industries"])
        invalidates_public_pages(Industry)
        invalidates_public_pages(Synonym)
