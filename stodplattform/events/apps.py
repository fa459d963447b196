from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "stodplattform.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from stodplattform.core.audit import track
        from stodplattform.core.pagecache import invalidates_public_pages

        from . import calendar  # noqa: F401  (registers the events in everyone's calendar feed)
        from .models import Event, Exhibitor, ProgrammeItem, Registration

        # Registrations hold visitors' personal data, removed after the event: not copied into the history.
        track(Event)
        track(ProgrammeItem)
        track(Exhibitor)
        # The event pages show the programme, the exhibitors and the places left.
        for model in (Event, ProgrammeItem, Exhibitor, Registration):
            invalidates_public_pages(model)
