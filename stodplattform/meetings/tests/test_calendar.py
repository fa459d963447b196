"""The calendar: the private feed parsed back, the .ics download, the invitation e-mail."""

import datetime

from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from stodplattform.core.calendar import CalendarEntry, _sources, entries_for, source
from stodplattform.meetings.models import CalendarToken, Kind, Meeting
from stodplattform.meetings.services import calendar_token, send_invitations

UTC = datetime.UTC


def _meeting(world, day, hour=13, kind=Kind.NETWORK):
    from zoneinfo import ZoneInfo

    start = datetime.datetime.combine(day, datetime.time(hour), tzinfo=ZoneInfo("Europe/Stockholm"))
    return Meeting.objects.create(
        platform=world.platform,
        kind=kind,
        title=f"Träff {day}",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        proposals_close_at=start - datetime.timedelta(days=5),
    )


def _events(body: bytes):
    calendar = Calendar.from_ical(body)
    return {str(e["uid"]): e for e in calendar.walk("VEVENT")}, calendar


def test_the_feed_has_the_right_times_in_utc_across_dst(client, world, settings):
    # A year ahead, so that the feed (which leaves out what is long past) has them.
    year = datetime.date.today().year + 1
    winter = _meeting(world, datetime.date(year, 1, 13))
    summer = _meeting(world, datetime.date(year, 6, 9))
    steering = _meeting(world, datetime.date(year, 2, 12), kind=Kind.STEERING)
    token = calendar_token(world.manager_a)
    response = client.get(reverse("meetings-feed", args=[token.token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    events, calendar = _events(response.content)
    assert set(events) == {f"meeting-{winter.pk}@stodplattformen", f"meeting-{summer.pk}@stodplattformen"}
    assert f"meeting-{steering.pk}@stodplattformen" not in events  # managers do not see steering meetings
    start = events[f"meeting-{winter.pk}@stodplattformen"].decoded("dtstart")
    assert start.astimezone(UTC) == datetime.datetime(year, 1, 13, 12, 0, tzinfo=UTC)
    start = events[f"meeting-{summer.pk}@stodplattformen"].decoded("dtstart")
    assert start.astimezone(UTC) == datetime.datetime(year, 6, 9, 11, 0, tzinfo=UTC)
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]


def test_renewing_the_token_retires_the_old_address(client, world):
    old = calendar_token(world.coordinator).token
    client.force_login(world.coordinator)
    assert client.post(reverse("meetings-calendar")).status_code == 302
    new = CalendarToken.objects.get(user=world.coordinator).token
    assert new != old
    assert client.get(reverse("meetings-feed", args=[old])).status_code == 404
    assert client.get(reverse("meetings-feed", args=[new])).status_code == 200
    page = client.get(reverse("meetings-calendar"))
    assert new in page.content.decode()


def test_an_inactive_persons_feed_answers_404(client, world):
    token = calendar_token(world.coordinator).token
    world.coordinator.is_active = False
    world.coordinator.save()
    assert client.get(reverse("meetings-feed", args=[token])).status_code == 404


def test_meeting_ics_download(client, world):
    meeting = _meeting(world, datetime.date(2026, 10, 27))  # the Tuesday after summer time ends
    client.force_login(world.manager_b)
    response = client.get(reverse("meetings-ics", args=[meeting.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    events, _calendar = _events(response.content)
    [event] = events.values()
    assert event.decoded("dtstart").astimezone(UTC) == datetime.datetime(2026, 10, 27, 12, 0, tzinfo=UTC)
    assert event.decoded("dtend").astimezone(UTC) == datetime.datetime(2026, 10, 27, 14, 0, tzinfo=UTC)


def test_invitation_mail_has_text_html_and_the_ics(world):
    meeting = _meeting(world, datetime.date(2026, 12, 1))
    sent = send_invitations(meeting, by=world.coordinator)
    # Network meeting: the coordinator and both managers.
    assert sent == 3 == len(mail.outbox)
    assert {m.to[0] for m in mail.outbox} == {
        world.coordinator.email,
        world.manager_a.email,
        world.manager_b.email,
    }
    message = mail.outbox[0]
    assert meeting.title in message.subject
    assert message.alternatives[0].mimetype == "text/html"
    [(name, content, mimetype)] = message.attachments
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    events, _ = _events(content.encode() if isinstance(content, str) else content)
    assert list(events) == [f"meeting-{meeting.pk}@stodplattformen"]


def test_another_app_can_add_entries_to_the_feed(world):
    @source("test-events")
    def events(user):
        start = datetime.datetime(2030, 5, 1, 10, tzinfo=UTC)
        return [CalendarEntry(uid="event-1@test", summary="Mässa", starts_at=start, ends_at=start)]

    try:
        assert "event-1@test" in [e.uid for e in entries_for(world.coordinator)]
    finally:
        _sources.pop("test-events")
