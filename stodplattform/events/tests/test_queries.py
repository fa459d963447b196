"""The event list, the event page, the attendee list, check-in, the start page and the API use a number
of queries that does not grow with registrations (or events on a page). The SQL is printed on a mismatch."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.events.models import Exhibitor
from stodplattform.events.testing import make_event, make_registration

pytestmark = pytest.mark.django_db

# Measured, and asserted as an upper bound so that a regression shows.
BOUNDS = {
    # Cached public pages: +1 to read the public cache's generation (core/pagecache.py); served
    # from the cache, that one read is all they cost. The event page is not cached (its
    # registration form carries a CSRF token), so it reads no generation.
    "events-list": 3,
    "events-detail": 4,
    "events-attendees": 7,  # session, user, roles, event, counts, page count, page
    "events-checkin": 7,
    "portal-start": 31,  # every app's panels together (each app bounds its own)
    "api-events": 3,
    "api-registrations": 6,
}


def _count(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return captured


def _add(event, n, start=0):
    for i in range(start, start + n):
        make_registration(event, f"Person {i:03d}", email=f"p{i}@example.org", checked_in_at=None)


def _same(name, few, many):
    if len(few) != len(many) or len(many) > BOUNDS[name]:
        listing = "\n".join(
            ["-- few:"]
            + [q["sql"] for q in few.captured_queries]
            + ["-- many:"]
            + [q["sql"] for q in many.captured_queries]
        )
        pytest.fail(
            f"{name}: {len(few)} queries with few rows, {len(many)} with many (bound {BOUNDS[name]}):\n{listing}"
        )
    print(f"{name}: {len(many)} queries")


@pytest.mark.parametrize(
    ("name", "url", "persona"),
    [
        ("events-list", lambda e: reverse("events-list"), None),
        ("events-detail", lambda e: e.get_absolute_url(), None),
        ("events-attendees", lambda e: reverse("events-attendees", args=[e.slug]), "coordinator"),
        ("events-checkin", lambda e: reverse("events-checkin", args=[e.slug]), "coordinator"),
        ("portal-start", lambda e: reverse("portal-start"), "coordinator"),
        ("api-events", lambda e: "/api/v1/events", None),
        ("api-registrations", lambda e: f"/api/v1/events/{e.slug}/registrations", "coordinator"),
    ],
)
def test_queries_do_not_grow(client, world, name, url, persona):
    event = make_event(world.platform, kind="fair", capacity=500)
    Exhibitor.objects.create(event=event, enterprise=world.enterprise_a)
    if persona:
        client.force_login(getattr(world, persona))
    _add(event, 2)
    make_event(world.platform, "Andra")
    client.get(url(event))  # warm caches (content types, sessions)
    few = _count(client, url(event))
    _add(event, 60, start=2)
    for n in range(5):
        other = make_event(world.platform, f"Fler {n}")
        _add(other, 3, start=100 + 10 * n)
    Exhibitor.objects.create(event=event, enterprise=world.enterprise_b)
    many = _count(client, url(event))
    _same(name, few, many)


def test_start_page_panel_counts_the_ten_soonest(rf, world):
    """The coming-events panel picks the ten soonest events first and counts only theirs,
    still in date order and with each event's own counts."""
    from stodplattform.events.models import RegistrationStatus
    from stodplattform.events.panels import coming_events

    events = [make_event(world.platform, f"Kommande {n:02d}", days=n + 1) for n in range(12)]
    make_event(world.platform, "Passerat", days=-5)
    _add(events[0], 2)
    make_registration(events[0], "Väntar Exempel", email="w@example.org", status=RegistrationStatus.WAITING)
    _add(events[11], 3, start=10)  # the twelfth is not shown: its registrations are not counted
    request = rf.get("/")
    request.user = world.coordinator
    shown = coming_events(request).context["events"]
    assert [e.title for e in shown] == [f"Kommande {n:02d}" for n in range(10)]
    assert (shown[0].confirmed_count, shown[0].waiting_count) == (2, 1)
    assert all(e.confirmed_count == 0 for e in shown[1:])
