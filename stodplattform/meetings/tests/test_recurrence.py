"""The recurrence: dates over a year, and wall-clock times across daylight-saving changes."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from stodplattform.meetings import recurrence
from stodplattform.meetings.models import Frequency, Kind, Series
from stodplattform.meetings.services import create_series

UTC = datetime.UTC


def test_first_tuesday_of_each_month_skipping_july_over_a_year():
    dates = recurrence.dates(
        frequency=Frequency.MONTHLY,
        weekday=1,
        ordinal=1,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
        skip_months=[7],
    )
    assert len(dates) == 11
    assert dates[0] == datetime.date(2026, 1, 6)
    assert dates[-1] == datetime.date(2026, 12, 1)
    assert all(d.weekday() == 1 and d.day <= 7 for d in dates)
    assert not [d for d in dates if d.month == 7]


def test_last_friday_and_weekly():
    last = recurrence.dates(
        frequency=Frequency.MONTHLY,
        weekday=4,
        ordinal=-1,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    assert last == [datetime.date(2026, 1, 30), datetime.date(2026, 2, 27), datetime.date(2026, 3, 27)]
    weekly = recurrence.dates(
        frequency=Frequency.WEEKLY,
        weekday=0,
        ordinal=1,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    assert weekly == [datetime.date(2026, 3, d) for d in (2, 9, 16, 23, 30)]


def test_same_local_time_across_daylight_saving_changes(world):
    """Summer time in 2026 begins 29 March and ends 25 October: 13:00 stays 13:00 in Stockholm."""
    series = create_series(
        platform=world.platform,
        by=world.coordinator,
        kind=Kind.NETWORK,
        title="Nätverksträff",
        frequency=Frequency.MONTHLY,
        ordinal=1,
        weekday=1,
        start_time=datetime.time(13, 0),
        duration_minutes=120,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 11, 30),
        skip_months="",
    )
    starts = {m.starts_at.astimezone(UTC).date(): m for m in series.meetings.all()}
    march, april = starts[datetime.date(2026, 3, 3)], starts[datetime.date(2026, 4, 7)]
    october, november = starts[datetime.date(2026, 10, 6)], starts[datetime.date(2026, 11, 3)]
    assert march.starts_at.astimezone(UTC).hour == 12  # CET, UTC+1
    assert april.starts_at.astimezone(UTC).hour == 11  # CEST, UTC+2
    assert october.starts_at.astimezone(UTC).hour == 11
    assert november.starts_at.astimezone(UTC).hour == 12
    assert all(m.ends_at - m.starts_at == datetime.timedelta(hours=2) for m in series.meetings.all())


def test_a_meeting_on_the_night_of_the_change_lasts_its_length():
    series = Series(
        frequency=Frequency.MONTHLY,
        weekday=6,
        ordinal=-1,
        start_time=datetime.time(1, 30),
        duration_minutes=120,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 31),
    )
    [(start, end)] = recurrence.occurrences(series)
    assert end.astimezone(UTC) - start.astimezone(UTC) == datetime.timedelta(hours=2)
    assert end.hour == 4  # 01:30 CET + 2 h = 04:30 CEST


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"skip_months": ",".join(str(m) for m in range(1, 13))}, "__all__"),
        ({"starts_on": datetime.date(2026, 3, 10), "ends_on": datetime.date(2026, 3, 20)}, "__all__"),
        ({"ends_on": datetime.date(2025, 1, 1)}, "ends_on"),
    ],
)
def test_a_recurrence_without_dates_saves_nothing(world, changes, field):
    fields = {
        "kind": Kind.NETWORK,
        "title": "Träff",
        "frequency": Frequency.MONTHLY,
        "ordinal": 1,
        "weekday": 1,
        "start_time": datetime.time(13),
        "duration_minutes": 60,
        "starts_on": datetime.date(2026, 1, 1),
        "ends_on": datetime.date(2026, 12, 31),
        "skip_months": "",
    }
    fields.update(changes)
    with pytest.raises(ValidationError) as error:
        create_series(platform=world.platform, by=world.coordinator, **fields)
    assert field in error.value.message_dict
    assert not Series.objects.exists()
