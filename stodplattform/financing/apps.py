from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "stodplattform.financing"
    label = "financing"
    verbose_name = _("Financing, procurement and quality labels")

    def ready(self):
        from stodplattform.core.audit import track
        from stodplattform.core.pagecache import invalidates_public_pages
        from stodplattform.followup.models import KeyFigures

        from .models import (
            CallApplication,
            FundingCall,
            QualityLabel,
            ReservedEvidence,
            Tender,
            TenderResponse,
        )

        track(FundingCall, m2m_fields={"municipalities", "regions", "industries"})
        track(Tender, m2m_fields={"offers"})
        for model in (CallApplication, ReservedEvidence, TenderResponse, QualityLabel):
            track(model)
        # The catalogue, a call's page, the buyer pages and their API reads are cached for the
        # public (core/pagecache.py). The buyer pages show labels and "ready for reserved
        # contracts", which reads the evidence and the key figures' target-group share.
        invalidates_public_pages(FundingCall, m2m_fields=["municipalities", "regions", "industries"])
        for model in (QualityLabel, ReservedEvidence, KeyFigures):
            invalidates_public_pages(model)
