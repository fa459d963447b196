from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "stodplattform.events"
    label = "events"
    verbose_name = _("Events")

    def ready(self):
        from stodplattform.core.audit import track

        from . import calendar  # noqa: F401  (registers the events in everyone's calendar feed)
        from .models import Event, Exhibitor, ProgrammeItem

        # Registrations hold visitors' personal data, removed after the event: not copied into the history.
        track(Event)
        track(ProgrammeItem)
        track(Exhibitor)
