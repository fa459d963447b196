"""The meetings in each person's private calendar feed (registered with core.calendar)."""

import datetime

from django.conf import settings
from django.utils import timezone

from stodplattform.core.calendar import CalendarEntry, source

from .models import Meeting

FEED_PAST_DAYS = 90
FEED_LIMIT = 500


def meeting_entry(meeting: Meeting, *, attendees=()) -> CalendarEntry:
    url = settings.SITE_URL.rstrip("/") + meeting.get_absolute_url()
    where = meeting.place or meeting.video_link
    description = "\n".join(filter(None, [meeting.platform.name, meeting.video_link, url]))
    return CalendarEntry(
        uid=f"meeting-{meeting.pk}@stodplattformen",
        summary=meeting.title,
        starts_at=timezone.localtime(meeting.starts_at),
        ends_at=timezone.localtime(meeting.ends_at),
        location=where,
        description=description,
        url=url,
        attendees=list(attendees),
    )


@source("meetings")
def my_meetings(user):
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    meetings = (
        Meeting.objects.visible_to(user)
        .filter(starts_at__gte=since)
        .select_related("platform")
        .order_by("starts_at")
    )
    return [meeting_entry(m) for m in meetings[:FEED_LIMIT]]
