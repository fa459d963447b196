"""iCalendar (.ics) for anything with a start and an end, and each person's calendar feed.

Like the panels (``core.panels``), the calendar knows no capability. A capability
turns its records into ``CalendarEntry`` items: ``ics_response`` makes one file of
them (an event's or a meeting's download). For each person's private feed an app
registers a source from its ``AppConfig.ready()``; a source takes the user and
returns entries (a bounded number, with bounded queries):

    from stodplattform.core.calendar import CalendarEntry, source

    @source("events")
    def my_events(user):
        return [CalendarEntry(uid=f"event-{e.pk}@stodplattformen", ...) for e in ...]

``entries_for(user)`` gathers them all, and ``to_ical(entries)`` renders them with
aware times and a VTIMEZONE for every zone used, so clients agree across DST changes.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpResponse
from icalendar import Calendar, Event

_sources: dict[str, Callable] = {}


@dataclass
class CalendarEntry:
    uid: str
    summary: str
    starts_at: datetime.datetime  # aware
    ends_at: datetime.datetime  # aware
    location: str = ""
    description: str = ""
    url: str = ""
    # METHOD:REQUEST attendees, for invitations sent by e-mail (addresses only).
    attendees: list[str] = field(default_factory=list)
    sequence: int = 0
    updated_at: datetime.datetime | None = None
    cancelled: bool = False


def source(name: str):
    """Register a provider of calendar entries under a unique name."""

    def register(func):
        _sources[name] = func
        return func

    return register


def entries_for(user) -> list[CalendarEntry]:
    found: list[CalendarEntry] = []
    for _name, provider in sorted(_sources.items()):
        found.extend(provider(user) or [])
    return sorted(found, key=lambda e: e.starts_at)


def to_ical(entries, *, name: str = "Stödplattformen", method: str = "PUBLISH") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Stödplattformen//stodplattform//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    stamp = datetime.datetime.now(datetime.UTC)
    for entry in entries:
        event = Event()
        event.add("uid", entry.uid)
        event.add("dtstamp", entry.updated_at or stamp)
        event.add("summary", entry.summary)
        event.add("dtstart", entry.starts_at)
        event.add("dtend", entry.ends_at)
        event.add("sequence", entry.sequence)
        if entry.location:
            event.add("location", entry.location)
        if entry.description:
            event.add("description", entry.description)
        if entry.url:
            event.add("url", entry.url)
        if entry.cancelled:
            event.add("status", "CANCELLED")
        for address in entry.attendees:
            event.add("attendee", f"mailto:{address}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def ics_bytes(entries, *, name: str = "Stödplattformen") -> bytes:
    return to_ical(entries, name=name)


def ics_response(entries, *, filename: str, name: str = "Stödplattformen") -> HttpResponse:
    response = HttpResponse(to_ical(entries, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
