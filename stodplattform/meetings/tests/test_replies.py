"""Meetings before they happen: invitees reply "coming" or "cannot come" from the invitation
e-mail (a signed link, no sign-in, nothing changes on GET) or on the meeting's page; the page
shows replies before the meeting and attendance after it; sending the invitation asks first."""

import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from stodplattform.meetings import services
from stodplattform.meetings.models import Reply
from stodplattform.meetings.testing import make_meeting


@pytest.fixture
def meeting(world):
    return make_meeting(world.platform, days=10, secretary=world.coordinator, checker=world.manager_a)


def _client(user=None):
    client = Client()
    if user:
        client.force_login(user)
    return client


def _links(message):
    return dict(re.findall(r"(Kommer|Kan inte komma): (\S+)", message.body))


def test_the_invitation_carries_personal_reply_links(world, meeting):
    services.send_invitations(meeting, by=world.coordinator)
    to_manager = next(m for m in mail.outbox if m.to == [world.manager_a.email])
    links = _links(to_manager)
    assert set(links) == {"Kommer", "Kan inte komma"}
    assert "?svar=coming" in links["Kommer"] and "?svar=not_coming" in links["Kan inte komma"]
    html = to_manager.alternatives[0][0]
    assert links["Kommer"].replace("&", "&amp;") in html or links["Kommer"] in html
    # Each person's link is their own.
    to_other = next(m for m in mail.outbox if m.to == [world.manager_b.email])
    assert _links(to_other)["Kommer"] != links["Kommer"]


def test_one_click_opens_a_confirm_page_and_the_post_replies(world, meeting):
    services.send_invitations(meeting, by=world.coordinator)
    link = _links(next(m for m in mail.outbox if m.to == [world.manager_a.email]))["Kan inte komma"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    client = _client()  # not signed in
    page = client.get("/" + path)
    assert page.status_code == 200
    assert not Reply.objects.exists()  # nothing on GET
    body = page.content.decode()
    assert meeting.title in body and 'value="not_coming"' in body
    url = "/" + path.split("?")[0]
    assert client.post(url, {"answer": "not_coming"}).status_code == 200
    reply = Reply.objects.get()
    assert (reply.user, reply.answer) == (world.manager_a, "not_coming")
    # A second answer replaces the first.
    client.post(url, {"answer": "coming"})
    assert Reply.objects.get().answer == "coming"


def test_no_reply_after_the_start_or_from_someone_not_invited(world, meeting):
    url = reverse("meetings-reply-link", args=[services.reply_token(meeting, world.steering)])
    response = _client().post(url, {"answer": "coming"})
    assert response.status_code == 400 and not Reply.objects.exists()
    meeting.starts_at = timezone.now() - datetime.timedelta(minutes=5)
    meeting.save()
    url = reverse("meetings-reply-link", args=[services.reply_token(meeting, world.manager_a)])
    assert _client().post(url, {"answer": "coming"}).status_code == 400
    assert not Reply.objects.exists()


def test_a_bad_answer_saves_nothing(world, meeting):
    url = reverse("meetings-reply-link", args=[services.reply_token(meeting, world.manager_a)])
    assert _client().post(url, {"answer": "maybe"}).status_code == 400
    assert not Reply.objects.exists()


def test_a_link_for_another_purpose_does_not_work(world, meeting):
    from django.core import signing

    token = signing.dumps({"m": meeting.pk, "u": world.manager_a.pk}, salt="something else")
    assert _client().get(reverse("meetings-reply-link", args=[token])).status_code == 404


def test_the_page_shows_replies_before_and_attendance_after(world, meeting):
    manager = _client(world.manager_a)
    page = manager.get(meeting.get_absolute_url()).content.decode()
    assert 'id="my-reply"' in page
    manager.post(reverse("meetings-reply", args=[meeting.pk]), {"answer": "coming"})
    page = _client(world.coordinator).get(meeting.get_absolute_url()).content.decode()
    assert 'id="replies"' in page
    assert "inte närvarande" not in page
    assert f"{world.enterprise_a.name}: kommer" in page
    assert f"{world.enterprise_b.name}: inget svar än" in page
    # After the meeting: attendance, and no reply form.
    meeting.starts_at = timezone.now() - datetime.timedelta(hours=3)
    meeting.ends_at = timezone.now() - datetime.timedelta(hours=1)
    meeting.save()
    services.record_attendance(meeting, by=world.coordinator, statuses={world.manager_a.pk: "present"})
    page = _client(world.coordinator).get(meeting.get_absolute_url()).content.decode()
    assert 'id="replies"' not in page
    assert f"{world.enterprise_a.name}: närvarande" in page
    assert 'id="my-reply"' not in manager.get(meeting.get_absolute_url()).content.decode()


def test_sending_the_invitation_asks_first(world, meeting):
    client = _client(world.coordinator)
    url = reverse("meetings-send-invitation", args=[meeting.pk])
    detail = client.get(meeting.get_absolute_url()).content.decode()
    assert f'href="{url}"' in detail and f'action="{url}"' not in detail
    page = client.get(url)
    assert page.status_code == 200 and not mail.outbox
    assert world.manager_a.full_name in page.content.decode()
    assert client.post(url).status_code == 302
    assert len(mail.outbox) == len(meeting.invitees())


def test_replies_are_personal_data(world, meeting):
    from stodplattform.core.privacy import kinds

    services.reply_to_meeting(meeting, user=world.manager_a, answer="coming")
    kind = next(k for k in kinds() if k.key == "meetings")
    assert "meetings.Reply" in kind.models
