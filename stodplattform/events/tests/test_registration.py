"""Registering on the event page, the waiting list, cancelling by the link, and bad input."""

import datetime
import re

import pytest
from django.core import signing
from django.urls import reverse
from django.utils import timezone

from stodplattform.events.models import Registration, RegistrationStatus
from stodplattform.events.services import cancel_link, cancel_registration, register
from stodplattform.events.testing import make_event, make_registration

pytestmark = pytest.mark.django_db


def _post(client, event, **data):
    payload = {"name": "Ada Exempel", "email": "ada@example.org", "organisation": "Bolaget", "consent": "on"}
    payload.update(data)
    return client.post(event.get_absolute_url(), payload)


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_register_confirms_and_mails_with_ics(client, world, mailoutbox):
    event = make_event(world.platform, capacity=2)
    response = _post(client, event, note="Glutenfri")
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.language == "sv"
    [mail] = mailoutbox
    assert mail.to == ["ada@example.org"]
    assert "Du är anmäld" in mail.subject
    assert "/evenemang/avboka/" in mail.body
    assert "raderas" in mail.body  # the note's deletion notice
    html, mimetype = mail.alternatives[0]
    assert mimetype == "text/html" and "avboka" in html
    [(filename, ics, kind)] = mail.attachments
    assert filename.endswith(".ics") and kind == "text/calendar"
    assert b"BEGIN:VEVENT" in (ics if isinstance(ics, bytes) else ics.encode())


def test_registration_in_english_by_page_language(client, world, mailoutbox):
    event = make_event(world.platform)
    client.cookies["django_language"] = "en"
    _post(client, event, HTTP_ACCEPT_LANGUAGE="en")
    assert Registration.objects.get().language == "en"
    assert mailoutbox[0].subject.startswith("You are registered")
    assert "Cancel" in mailoutbox[0].body


def test_full_event_puts_people_on_the_waiting_list_and_a_cancellation_promotes(client, world, mailoutbox):
    event = make_event(world.platform, capacity=1)
    _post(client, event)
    response = _post(client, event, name="Bo Exempel", email="bo@example.org")
    assert response.status_code == 302
    bo = Registration.objects.get(email="bo@example.org")
    assert bo.status == RegistrationStatus.WAITING
    assert "väntelista" in mailoutbox[1].subject.lower()
    # The first cancels by the link in the e-mail, without logging in.
    link = re.search(r"https?://\S+/evenemang/avboka/\S+/", mailoutbox[0].body).group(0)
    page = client.get(_path(link))
    assert page.status_code == 200 and "Ja, avboka" in page.content.decode()
    assert client.post(_path(link)).status_code == 200
    bo.refresh_from_db()
    assert bo.status == RegistrationStatus.CONFIRMED and bo.promoted_at
    assert mailoutbox[-1].to == ["bo@example.org"]
    assert "plats" in mailoutbox[-1].subject.lower()
    assert mailoutbox[-1].attachments
    # The link works once.
    again = client.post(_path(link))
    assert again.status_code == 400 and "redan avbokats" in again.content.decode()


def test_forged_cancel_link(client, world):
    event = make_event(world.platform)
    registration = make_registration(event)
    forged = signing.dumps({"r": registration.pk, "k": "gissat"}, salt="stodplattform.events.cancel")
    for token in ["nonsense", forged, cancel_link(registration).rstrip("/").rsplit("/", 1)[1] + "x"]:
        response = client.post(reverse("events-cancel", args=[token]))
        assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.CONFIRMED


def test_duplicate_email_is_refused_politely(client, world, mailoutbox):
    event = make_event(world.platform)
    make_registration(event, "Ada Exempel", email="ada@example.org")
    response = _post(client, event, email="ADA@example.org", name="Någon annan")
    assert response.status_code == 200
    html = response.content.decode()
    assert "redan anmäld" in html
    assert 'value="Någon annan"' in html  # what was typed stays
    assert "Ada Exempel" not in html  # nothing about the other registration
    assert Registration.objects.count() == 1 and not mailoutbox


@pytest.mark.parametrize("when", ["before", "after"])
def test_outside_the_registration_window(client, world, when):
    now = timezone.now()
    if when == "before":
        event = make_event(world.platform, registration_opens_at=now + datetime.timedelta(days=2))
        text = "öppnar"
    else:
        event = make_event(world.platform, registration_closes_at=now - datetime.timedelta(hours=1))
        text = "stängt"
    response = _post(client, event)
    assert response.status_code == 200
    assert text in response.content.decode()
    assert not Registration.objects.exists()
    # The service says the same to any other caller.
    with pytest.raises(Exception, match=text):
        register(event, name="X", email="x@example.org")


def test_the_form_shows_field_errors_and_keeps_input(client, world):
    event = make_event(world.platform)
    response = client.post(event.get_absolute_url(), {"name": "Ada", "email": "inte-en-adress"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_email_error"' in html and 'id="id_consent_error"' in html
    assert 'value="inte-en-adress"' in html
    assert not Registration.objects.exists()


def test_honeypot_saves_nothing(client, world, mailoutbox):
    event = make_event(world.platform)
    response = _post(client, event, website="http://spam.example")
    assert response.status_code == 302
    assert not Registration.objects.exists() and not mailoutbox


def test_invitation_only_event_is_hidden_from_the_public(client, world):
    event = make_event(world.platform, is_public=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    assert _post(client, event).status_code == 404
    client.force_login(world.manager_a)
    assert client.get(event.get_absolute_url()).status_code == 200


def test_cancel_service_twice(world):
    event = make_event(world.platform)
    registration = make_registration(event)
    cancel_registration(registration)
    with pytest.raises(Exception, match="redan avbokats"):
        cancel_registration(registration)


def test_markdown_is_sanitised(client, world):
    event = make_event(
        world.platform,
        description="# Rubrik\n\n**fet** <script>alert(1)</script> [länk](javascript:alert(1)) [ok](https://example.org)",
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "<strong>fet</strong>" in html
    assert "<script>alert" not in html and 'href="javascript:' not in html
    assert 'href="https://example.org"' in html


def test_json_ld_and_ics(client, world):
    event = make_event(world.platform, title="Mässan", kind="fair")
    html = client.get(event.get_absolute_url()).content.decode()
    match = re.search(r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S)
    assert match and match.group(1)
    import json

    data = json.loads(match.group(2))
    assert data["@type"] == "Event" and data["name"] == "Mässan"
    response = client.get(reverse("events-ics", args=[event.slug]))
    assert response["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:M" in response.content
