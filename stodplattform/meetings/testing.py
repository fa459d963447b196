"""Test helpers for meetings, on top of enterprises.testing.make_world."""

import datetime

from django.utils import timezone

from stodplattform.enterprises.testing import World

from .models import Kind, Meeting


def make_meeting(platform, *, kind=Kind.NETWORK, days=10, hour=13, **extra) -> Meeting:
    """A meeting ``days`` from today (negative: in the past) at ``hour`` local time."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    starts_at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))
    fields = {
        "title": extra.pop("title", f"{Kind(kind).label} {day}"),
        "starts_at": starts_at,
        "ends_at": starts_at + datetime.timedelta(hours=2),
        "proposals_close_at": starts_at - datetime.timedelta(days=5),
        "place": "Samarkand",
    }
    fields.update(extra)
    return Meeting.objects.create(platform=platform, kind=kind, **fields)


def make_meetings(world: World):
    """A network and a steering meeting on platform A (coordinator secretary, steering checker), one on B."""
    network = make_meeting(world.platform, secretary=world.coordinator, checker=world.manager_a)
    steering = make_meeting(
        world.platform, kind=Kind.STEERING, secretary=world.coordinator, checker=world.steering
    )
    other = make_meeting(world.other_platform)
    return network, steering, other
