"""The page for time outside cases: the year as a year, hours and minutes, every year, an export."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from stodplattform.support.models import TimeCategory, TimeEntry


def test_years_hours_and_export(client, world):
    for year, minutes in ((2024, 30), (2026, 150), (2026, 45)):
        TimeEntry.objects.create(
            platform=world.platform,
            person=world.coordinator,
            date=datetime.date(year, 3, 1),
            category=TimeCategory.NETWORK,
            minutes=minutes,
        )
    client.force_login(world.coordinator)
    url = reverse("support-time")
    body = client.get(url + "?year=2026").content.decode()
    assert "Timmar 2026" in body and "2 026" not in body
    assert "3 tim 15 min" in body  # 195 minutes, in hours and minutes
    assert "Minuter" in body and "Protokoll" not in body
    assert '<option value="2024"' in body  # every year with time is reachable
    older = client.get(url + "?year=2024")
    assert older.context["year"] == 2024 and "30 min" in older.content.decode()
    # The year in Stockholm, as the page reads it (not the machine's UTC date: they differ on New Year's Eve).
    assert client.get(url + "?year=abc").context["year"] == timezone.localdate().year
    csv = b"".join(client.get(url + "?year=2026&format=csv").streaming_content).decode("utf-8")
    assert csv.startswith("\ufeff") and "Minuter" in csv.splitlines()[0]
    book = load_workbook(io.BytesIO(client.get(url + "?year=2026&format=xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert len(rows) == 3 and sorted(r[3] for r in rows[1:]) == [45, 150]


def test_steering_may_not(client, world):
    client.force_login(world.steering)
    assert client.get(reverse("support-time") + "?format=csv").status_code == 403
