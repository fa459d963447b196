"""iCalendar (.ics) for anything with a start and an end.

A capability turns its records into ``CalendarEntry`` items; ``ics_response``
makes one file of them. An event page offers a file with one entry; a meetings
app can offer a per-user feed by collecting the entries visible to that user
(behind a signed, revocable feed URL) and passing them to the same function.
"""

import datetime
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone
from icalendar import Calendar
from icalendar import Event as VEvent


@dataclass
class CalendarEntry:
    uid: str
    summary: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    location: str = ""
    description: str = ""
    url: str = ""
    updated_at: datetime.datetime | None = None
    cancelled: bool = False


def ics_bytes(entries, *, name: str = "Stödplattformen") -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Stödplattformen//stodplattform//SV")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    for entry in entries:
        item = VEvent()
        item.add("uid", entry.uid)
        item.add("summary", entry.summary)
        item.add("dtstart", entry.starts_at)
        item.add("dtend", entry.ends_at)
        item.add("dtstamp", entry.updated_at or timezone.now())
        if entry.location:
            item.add("location", entry.location)
        if entry.description:
            item.add("description", entry.description)
        if entry.url:
            item.add("url", entry.url)
        if entry.cancelled:
            item.add("status", "CANCELLED")
        calendar.add_component(item)
    return calendar.to_ical()


def ics_response(entries, *, filename: str, name: str = "Stödplattformen") -> HttpResponse:
    response = HttpResponse(ics_bytes(entries, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.ics"'
    return response
