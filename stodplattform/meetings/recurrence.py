"""Dates of a recurring meeting, and their local times in Europe/Stockholm.

The wall-clock time stays the same across daylight-saving changes: a meeting at
13:00 is at 12:00 UTC in winter and 11:00 UTC in summer.
"""

import datetime

from dateutil import rrule

from .models import STOCKHOLM, Frequency

# A series never makes more meetings than this, whatever its period.
MAX_OCCURRENCES = 120


def dates(
    *,
    frequency: str,
    weekday: int,
    ordinal: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    skip_months=(),
) -> list[datetime.date]:
    """The dates from ``starts_on`` to ``ends_on`` (both included) that the recurrence yields."""
    if ends_on < starts_on:
        return []
    months = [m for m in range(1, 13) if m not in set(skip_months)]
    if not months:
        return []
    day = rrule.weekday(weekday)
    rule = rrule.rrule(
        rrule.MONTHLY if frequency == Frequency.MONTHLY else rrule.WEEKLY,
        dtstart=datetime.datetime.combine(starts_on, datetime.time()),
        until=datetime.datetime.combine(ends_on, datetime.time()),
        byweekday=day(ordinal) if frequency == Frequency.MONTHLY else day,
        bymonth=months,
        count=None,
    )
    found = []
    for occurrence in rule:
        found.append(occurrence.date())
        if len(found) >= MAX_OCCURRENCES:
            break
    return found


def local(date: datetime.date, time: datetime.time) -> datetime.datetime:
    """An aware datetime for a wall-clock time in Europe/Stockholm."""
    return datetime.datetime.combine(date, time, tzinfo=STOCKHOLM)


def occurrences(series) -> list[tuple[datetime.datetime, datetime.datetime]]:
    """(start, end) of each meeting that a series makes."""
    found = dates(
        frequency=series.frequency,
        weekday=series.weekday,
        ordinal=series.ordinal,
        starts_on=series.starts_on,
        ends_on=series.ends_on,
        skip_months=series.skipped_months,
    )
    result = []
    for day in found:
        start = local(day, series.start_time)
        # The end is computed in UTC: a two-hour meeting lasts two hours even on the night of a change.
        end = (
            start.astimezone(datetime.UTC) + datetime.timedelta(minutes=series.duration_minutes)
        ).astimezone(STOCKHOLM)
        result.append((start, end))
    return result
