"""Test helpers for events, on top of enterprises.testing.make_world."""

import datetime
import secrets

from django.utils import timezone

from .models import Event, Kind, Registration, RegistrationStatus

__all__ = ["make_event", "make_registration"]


def make_event(platform, title="Seminariet", *, days=30, hours=3, **extra) -> Event:
    start = timezone.now().replace(microsecond=0) + datetime.timedelta(days=days)
    defaults = {
        "kind": Kind.SEMINAR,
        "starts_at": start,
        "ends_at": start + datetime.timedelta(hours=hours),
        "venue": "Folkets hus",
        "capacity": 10,
        "slug": title.lower().replace(" ", "-").replace("ä", "a").replace("å", "a").replace("ö", "o"),
    }
    defaults.update(extra)
    return Event.objects.create(platform=platform, title=title, **defaults)


def make_registration(event, name="Ada Exempel", email=None, **extra) -> Registration:
    defaults = {
        "email": email or f"{name.split()[0].lower()}@example.org",
        "organisation": "Exempelbolaget",
        "status": RegistrationStatus.CONFIRMED,
        "key": secrets.token_urlsafe(24),
    }
    defaults.update(extra)
    return Registration.objects.create(event=event, name=name, **defaults)
