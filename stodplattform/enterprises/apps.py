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
        from .models import Enterprise, Industry, OfferKind, OpeningException, OpeningHours, Photo, Synonym

        # reviewed_at is bookkeeping: saving an unchanged profile confirms it without a history
        # entry; is_example ends with a rewritten description, which the history already shows.
        track(Enterprise, m2m_fields={"industries", "offers"}, exclude_fields=["reviewed_at", "is_example"])
        # The showcase's parts show in the enterprise's history (history_for(..., parts=...)).
        for part in (Photo, OpeningHours, OpeningException):
            track(part, exclude_fields=["enterprise"])
        track(Synonym)
        # The directory, showcase pages, exports and API lists show these (core/pagecache.py);
        # synonyms change what a search finds.
        invalidates_public_pages(Enterprise, m2m_fields=["industries", "offers"])
        for model in (Industry, OfferKind, Synonym, Photo, OpeningHours, OpeningException):
            invalidates_public_pages(model)
