"""A receipt when a registration is cancelled (the waiting list named only when there is one), and
the reminder before the event: once per registrant, in their language, safe to run twice."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from stodplattform.events.models import Registration, RegistrationStatus
from stodplattform.events.services import cancel_link, send_reminders
from stodplattform.events.testing import make_event, make_registration

pytestmark = pytest.mark.django_db


def _path(link: str) -> str:
    return "/" + link.split("/", 3)[3]


def test_cancelling_with_free_places_sends_a_receipt_and_mentions_no_queue(client, world, mailoutbox):
    event = make_event(world.platform, capacity=40)
    ada = make_registration(event)
    response = client.post(_path(cancel_link(ada)))
    assert response.status_code == 200
    page = response.content.decode()
    assert "väntelista" not in page and "next person" not in page
    assert "ada@example.org" in page  # where the receipt went
    [receipt] = mailoutbox
    assert receipt.to == ["ada@example.org"]
    assert "avbokad" in receipt.subject.lower()
    assert "väntelista" not in receipt.body
    assert "/evenemang/avboka/" not in receipt.body  # nothing left to cancel
    assert not receipt.attachments


def test_cancelling_a_full_event_names_the_waiting_list(client, world, mailoutbox):
    event = make_event(world.platform, capacity=1)
    ada = make_registration(event)
    bo = make_registration(event, "Bo Exempel", status=RegistrationStatus.WAITING)
    response = client.post(_path(cancel_link(ada)))
    assert "väntelistan" in response.content.decode()
    receipt, promoted = mailoutbox
    assert receipt.to == ["ada@example.org"] and "väntelistan" in receipt.body
    assert promoted.to == [bo.email]


def test_reminders_go_once_in_each_registrants_language(world, mailoutbox):
    soon = make_event(world.platform, "Seminariet snart", days=1)
    later = make_event(world.platform, "Seminariet senare", days=10)
    long_ago = timezone.now() - datetime.timedelta(days=5)
    sv = make_registration(soon, "Ada Exempel")
    en = make_registration(soon, "Bo Example", language="en")
    make_registration(soon, "Cecilia Kö", status=RegistrationStatus.WAITING)
    make_registration(soon, "David Avbokad", status=RegistrationStatus.CANCELLED)
    make_registration(later, "Eva Senare")
    Registration.objects.update(created_at=long_ago)
    # Registered an hour ago: the confirmation has just said it all.
    make_registration(soon, "Fia Nyss")

    call_command("send_event_reminders")
    assert sorted(m.to[0] for m in mailoutbox) == sorted([sv.email, en.email])
    by_address = {m.to[0]: m for m in mailoutbox}
    assert by_address[sv.email].subject.startswith("Påminnelse")
    assert by_address[en.email].subject.startswith("Reminder")
    assert "/evenemang/avboka/" in by_address[sv.email].body
    assert by_address[sv.email].attachments  # the calendar entry again
    # A second run sends nothing more.
    assert send_reminders() == 0
    assert len(mailoutbox) == 2
