from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "stodplattform.followup"
    label = "followup"
    verbose_name = _("Follow-up: key figures and sustainability checks")

    def ready(self):
        from stodplattform.core.audit import track

        from .models import FiguresDueDate, KeyFigures, Score, SustainabilityCheck

        track(KeyFigures)
        track(FiguresDueDate)
        track(SustainabilityCheck)
        track(Score, exclude_fields=["sustainability_check"])
