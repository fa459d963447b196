from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "stodplattform.platforms"
    label = "platforms"
    verbose_name = _("Platforms and people")

    def ready(self):
        from stodplattform.core.audit import track

        from .models import Invitation, Membership, Platform

        track(Platform, m2m_fields={"municipalities"})
        track(Membership)
        # The key is the link's secret: never in the history.
        track(Invitation, exclude_fields=["key"])
