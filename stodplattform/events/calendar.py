"""The events a person has a place at, in their private calendar feed (registered with core.calendar)."""

import datetime

from django.utils import timezone

from stodplattform.core.calendar import source

from .models import Event, RegistrationStatus

# A feed is read often: the coming half year and the last month are enough.
PAST_DAYS = 31
LIMIT = 100


@source("events")
def my_events(user):
    """Events where the person's address holds a confirmed place (registrations are by e-mail, not account)."""
    since = timezone.now() - datetime.timedelta(days=PAST_DAYS)
    events = (
        Event.objects.filter(
            ends_at__gte=since,
            registrations__email__iexact=user.email,
            registrations__status=RegistrationStatus.CONFIRMED,
        )
        .distinct()
        .order_by("starts_at")[:LIMIT]
    )
    return [event.calendar_entry() for event in events]
