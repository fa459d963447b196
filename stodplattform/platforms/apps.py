from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlatformsConfig(AppConfig):
    name = "stodplattform.platforms"
    label = "platforms"
    verbose_name = _("Platforms and people")

    def ready(self):
        from stodplattform.core.audit import track
        from stodplattform.core.pagecache import invalidates_public_pages

        from .models import Invitation, Membership, Municipality, Platform, Region

        track(Platform, m2m_fields={"municipalities"})
        track(Membership)
        # The key is the link's secret: never in the history.
        track(Invitation, exclude_fields=["key"])
        # Public pages show platforms, their municipalities and the members who chose to be
        # shown (the platform page); a role that ends or starts changes that list.
        invalidates_public_pages(Platform, m2m_fields=["municipalities"])
        invalidates_public_pages(Municipality)
        invalidates_public_pages(Region)
        invalidates_public_pages(Membership)
