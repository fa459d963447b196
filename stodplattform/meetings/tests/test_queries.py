"""Query counts that do not grow with the number of meetings, agenda items, decisions or action items."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from stodplattform.meetings import services
from stodplattform.meetings.testing import make_meeting


def _fill(world, meeting, n):
    for i in range(n):
        item = services.add_agenda_item(meeting, by=world.coordinator, title=f"Punkt {i}", any_time=True)
        services.save_minutes(meeting, by=world.coordinator, notes={item.pk: f"Anteckning {i}"})
        decision = services.add_decision(meeting, by=world.coordinator, text=f"Beslut {i}", agenda_item=item)
        services.add_action_item(
            meeting,
            by=world.coordinator,
            title=f"Gör {i}",
            owner=world.manager_a,
            due_on=datetime.date(2030, 1, 1),
            decision=decision,
        )
    services.record_attendance(
        meeting, by=world.coordinator, statuses={world.manager_a.pk: "present", world.manager_b.pk: "absent"}
    )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def test_meeting_page_queries_do_not_grow(client, world):
    small = make_meeting(world.platform, days=-3, secretary=world.coordinator)
    big = make_meeting(world.platform, days=-2, secretary=world.coordinator)
    _fill(world, small, 1)
    _fill(world, big, 8)
    client.force_login(world.coordinator)
    few, _sql = _count(client, reverse("meetings-detail", args=[small.pk]))
    many, sql = _count(client, reverse("meetings-detail", args=[big.pk]))
    assert few == many, sql
    # session, user, roles, the meeting (scoped, with select_related), 6 prefetches,
    # memberships, guests, rules' guest lookup and the history (content types cached).
    assert many <= 20, sql


def test_archive_queries_do_not_grow(client, world):
    for days in range(-5, -1):
        make_meeting(world.platform, days=days)
    client.force_login(world.manager_a)
    few, _sql = _count(client, reverse("meetings-archive"))
    for days in range(-60, -6):
        _fill(world, make_meeting(world.platform, days=days), 1)
    many, sql = _count(client, reverse("meetings-archive") + "?q=Punkt")
    assert few == many, sql
    assert many <= 10, sql


def test_start_page_panel_queries_do_not_grow(client, world):
    client.force_login(world.coordinator)
    make_meeting(world.platform, days=-40)
    base, _ = _count(client, reverse("portal-start"))
    for days in range(-30, 30, 3):
        _fill(world, make_meeting(world.platform, days=days), 1)
    more, sql = _count(client, reverse("portal-start"))
    assert base == more, sql
    few, _sql = _count(client, reverse("meetings-list"))
    for days in range(-90, -30, 7):
        _fill(world, make_meeting(world.platform, days=days), 1)
    many, sql = _count(client, reverse("meetings-list"))
    assert few == many, sql
