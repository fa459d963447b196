"""Ending a membership ends what it gave: a meeting reached as guest, secretary, checker or owner of
an action item, on the pages, in the API and in the calendar feed, future meetings included."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from stodplattform.meetings import services
from stodplattform.meetings.models import Kind
from stodplattform.meetings.testing import make_meeting
from stodplattform.platforms.models import Membership
from stodplattform.platforms.services import end_membership


@pytest.fixture
def named(world):
    """The co-opted support person is named on three meetings of platform A: guest of a coming
    steering meeting, secretary of a network meeting, checker of another (unlocked) one."""
    person = world.coopted
    as_guest = make_meeting(world.platform, kind=Kind.STEERING, days=20)
    as_guest.guests.create(user=person)
    as_secretary = make_meeting(world.platform, days=5, secretary=person)
    as_checker = make_meeting(world.platform, days=-3, checker=person)
    item = services.add_action_item(
        as_checker, by=world.coordinator, title="Ring banken", owner=person, due_on=datetime.date(2030, 1, 1)
    )
    return person, [as_guest, as_secretary, as_checker], item


def _end(person):
    for membership in Membership.objects.current().filter(user=person):
        end_membership(membership, by=None)


def _feed_uids(client, person):
    token = services.calendar_token(person)
    response = client.get(reverse("meetings-feed", args=[token.token]))
    assert response.status_code == 200
    return {str(e["uid"]) for e in Calendar.from_ical(response.content).walk("VEVENT")}


def test_pages_answer_404_once_the_membership_has_ended(client, world, named):
    person, meetings, _item = named
    client.force_login(person)
    for meeting in meetings:
        assert client.get(reverse("meetings-detail", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("meetings-minutes", args=[meetings[1].pk])).status_code == 200

    _end(person)
    for meeting in meetings:
        assert client.get(reverse("meetings-detail", args=[meeting.pk])).status_code == 404
        assert client.get(reverse("meetings-pdf", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("meetings-minutes", args=[meetings[1].pk])).status_code == 404
    assert not [m for m in client.get(reverse("meetings-list")).context["meetings"] if m in meetings]


def test_the_checker_whose_membership_ended_can_no_longer_lock(client, world, named):
    person, (_g, _s, as_checker), _item = named
    client.force_login(person)
    _end(person)
    assert client.post(reverse("meetings-lock", args=[as_checker.pk]), {"confirm": "on"}).status_code == 404
    as_checker.refresh_from_db()
    assert not as_checker.is_locked


def test_the_checker_who_still_works_with_the_platform_locks(client, world, named):
    """Ending one of two roles is not leaving: the checker who is still a steering member locks."""
    person, (_g, _s, as_checker), _item = named
    Membership.objects.create(platform=world.platform, user=person, role="steering")
    client.force_login(person)
    Membership.objects.filter(user=person, role="coopted").update(ends_on=datetime.date.today())
    assert client.post(reverse("meetings-lock", args=[as_checker.pk]), {"confirm": "on"}).status_code == 302
    as_checker.refresh_from_db()
    assert as_checker.is_locked


def test_a_guest_whose_membership_ended_is_no_longer_invited(world, named):
    person, (as_guest, _s, _c), _item = named
    assert person in as_guest.invitees()
    _end(person)
    assert person not in as_guest.invitees()


def test_the_action_item_of_someone_who_left_is_no_longer_theirs(client, world, named):
    person, _meetings, item = named
    client.force_login(person)
    _end(person)
    response = client.post(reverse("meetings-action-status", args=[item.pk]), {"status": "done"})
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.status == "open"


def test_the_api_answers_404_once_the_membership_has_ended(client, world, named):
    person, meetings, _item = named
    client.force_login(person)
    listed = client.get("/api/v1/meetings").json()["results"]
    assert {m["id"] for m in listed} >= {m.pk for m in meetings[:2]}  # the coming ones
    _end(person)
    for meeting in meetings:
        assert client.get(f"/api/v1/meetings/{meeting.pk}").status_code == 404
    for when in ("", "?when=past"):
        listed = client.get(f"/api/v1/meetings{when}").json()["results"]
        assert not {m["id"] for m in listed} & {m.pk for m in meetings}


def test_the_calendar_feed_drops_the_meetings_once_the_membership_has_ended(client, world, named):
    person, meetings, _item = named
    uids = {f"meeting-{m.pk}@stodplattformen" for m in meetings}
    assert _feed_uids(client, person) >= uids
    _end(person)
    assert not _feed_uids(client, person) & uids
