"""Checking (justering) the minutes: the checker finds them on their start page, is asked to
confirm before the lock, and everyone else who keeps the minutes is told who can lock them."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stodplattform.meetings.testing import make_meeting


@pytest.fixture
def held(world):
    """A network meeting held three days ago; manager A is its checker."""
    return make_meeting(world.platform, days=-3, secretary=world.coordinator, checker=world.manager_a)


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_checker_has_the_minutes_on_the_start_page(world, held):
    upcoming = make_meeting(world.platform, days=5, checker=world.manager_a, title="Ännu inte hållet")
    page = _client(world.manager_a).get(reverse("portal-start")).content.decode()
    assert 'id="minutes-to-check"' in page
    assert reverse("meetings-lock", args=[held.pk]) in page
    assert reverse("meetings-lock", args=[upcoming.pk]) not in page  # not held yet
    # Nobody else has it; and once locked, the checker no longer has it either.
    assert (
        'id="minutes-to-check"'
        not in _client(world.coordinator).get(reverse("portal-start")).content.decode()
    )
    held.locked_at = timezone.now()
    held.save()
    assert (
        'id="minutes-to-check"' not in _client(world.manager_a).get(reverse("portal-start")).content.decode()
    )


def test_the_start_panel_does_not_grow_with_meetings(world, held, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = _client(world.manager_a)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("portal-start"))
    for n in range(6):
        make_meeting(world.platform, days=-10 - n, checker=world.manager_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("portal-start"))
    assert len(many) == len(few)


def test_locking_asks_for_confirmation_first(world, held):
    client = _client(world.manager_a)
    url = reverse("meetings-lock", args=[held.pk])
    detail = client.get(held.get_absolute_url()).content.decode()
    # The meeting page links to the confirmation; no form that locks in one click.
    assert f'href="{url}"' in detail and f'action="{url}"' not in detail
    page = client.get(url)
    assert page.status_code == 200 and 'name="confirm"' in page.content.decode()
    held.refresh_from_db()
    assert not held.is_locked  # a GET changes nothing
    response = client.post(url, {})
    assert response.status_code == 200 and response.context["form"].errors["confirm"]
    held.refresh_from_db()
    assert not held.is_locked
    assert client.post(url, {"confirm": "on"}).status_code == 302
    held.refresh_from_db()
    assert held.is_locked
    # Once locked, the confirmation page sends back to the meeting.
    assert client.get(url).status_code == 302


def test_the_coordinator_is_told_who_can_lock(world, held):
    page = _client(world.coordinator).get(held.get_absolute_url()).content.decode()
    assert 'id="minutes-check"' in page
    assert world.manager_a.full_name in page.split('id="minutes-check"')[1][:600]
    held.checker = None
    held.save()
    page = _client(world.coordinator).get(held.get_absolute_url()).content.decode()
    assert "Ingen justerare" in page.split('id="minutes-check"')[1][:600]


def test_a_meeting_still_to_come_is_not_on_the_list(world):
    soon = make_meeting(world.platform, days=0, hour=23, checker=world.manager_a)
    soon.starts_at = timezone.now() + datetime.timedelta(hours=1)
    soon.save()
    page = _client(world.manager_a).get(reverse("portal-start")).content.decode()
    assert reverse("meetings-lock", args=[soon.pk]) not in page
