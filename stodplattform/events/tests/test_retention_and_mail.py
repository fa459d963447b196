"""Retention (the purge command), e-mails in both languages, and the concurrency of registration."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections
from django.template.loader import render_to_string
from django.utils import timezone, translation

from stodplattform.events.models import Registration, RegistrationStatus
from stodplattform.events.services import _mail, register
from stodplattform.events.testing import make_event, make_registration


@pytest.mark.django_db
def test_purge_removes_personal_data_after_the_retention_time_and_keeps_counts(world, settings):
    settings.EVENTS_RETENTION_DAYS = 90
    old = make_event(world.platform, "Gammalt", days=-100)
    recent = make_event(world.platform, "Nyligen", days=-10)
    ada = make_registration(old, "Ada Alm", note="Allergi", checked_in_at=old.starts_at, rating=5)
    make_registration(old, "Bo Berg", status=RegistrationStatus.WAITING)
    kept = make_registration(recent, "Cy Cedar", note="Rullstol")

    call_command("purge_personal_data", "--kind", "registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ada.refresh_from_db()
    assert (ada.name, ada.email, ada.organisation, ada.note, ada.key) == ("", "", "", "", "")
    assert ada.anonymised_at and ada.checked_in_at and ada.rating == 5
    assert (
        old.registrations.count() == 2 and old.registrations.filter(checked_in_at__isnull=False).count() == 1
    )
    kept.refresh_from_db()
    assert kept.name == "Cy Cedar" and kept.note == "Rullstol"
    stamp = ada.anonymised_at

    # A second run changes nothing.
    call_command("purge_personal_data", "--kind", "registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    ada.refresh_from_db()
    assert ada.anonymised_at == stamp
    # A shorter retention reaches the recent event too.
    settings.EVENTS_RETENTION_DAYS = 5
    call_command("purge_personal_data", "--kind", "registrations", stdout=open("/dev/null", "w"))  # noqa: SIM115
    kept.refresh_from_db()
    assert kept.name == ""


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "words"), [("sv", ["Hej Ada", "Avboka"]), ("en", ["Hello Ada", "Cancel"])]
)
@pytest.mark.parametrize("kind", ["confirmed", "waiting", "promoted", "feedback"])
def test_emails_render_in_both_languages(world, mailoutbox, language, words, kind):
    event = make_event(world.platform, title="Mässan")
    registration = make_registration(event, "Ada Alm", language=language, note="Nötter")
    _mail(registration, kind)
    [mail] = mailoutbox
    html = mail.alternatives[0][0]
    assert words[0] in mail.body and words[0] in html
    assert "Mässan" in mail.subject
    assert f'lang="{language}"' in html
    if kind == "feedback":
        assert "/evenemang/aterkoppling/" in mail.body and not mail.attachments
    else:
        assert "/evenemang/avboka/" in mail.body
        assert words[1].lower() in mail.body.lower()
        assert bool(mail.attachments) == (kind != "waiting")
    # The e-mail's language never leaks into the page's.
    assert translation.get_language() == "sv"


@pytest.mark.django_db
def test_email_templates_have_no_missing_translations(world):
    event = make_event(world.platform)
    registration = make_registration(event, "Ada Alm", language="sv")
    with translation.override("sv"):
        text = render_to_string(
            "events/email/message.txt",
            {"registration": registration, "event": event, "kind": "confirmed", "retention_days": 90},
        )
    assert "Thank you" not in text


# -- Concurrency -------------------------------------------------------------------------


# Skipped before any database set-up on SQLite; on PostgreSQL transactional, with the
# migrated rows restored afterwards so that the tests after it find them.
@pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
    reason="SQLite serialises all writers (transaction_mode=IMMEDIATE) and cannot run this truly "
    "in parallel; the row lock (select_for_update) is proven on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_capacity_holds_when_many_register_at_once(world):
    assert connection.vendor == "postgresql"
    event = make_event(world.platform, capacity=3)
    event.registration_opens_at = timezone.now() - datetime.timedelta(days=1)
    event.save()
    people = 12
    barrier = threading.Barrier(people)
    errors = []

    def attempt(n):
        try:
            barrier.wait(timeout=10)
            register(event, name=f"Person {n}", email=f"p{n}@example.org")
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    statuses = list(Registration.objects.filter(event=event).values_list("status", flat=True))
    assert statuses.count(RegistrationStatus.CONFIRMED) == 3
    assert statuses.count(RegistrationStatus.WAITING) == people - 3


def test_a_confirmed_place_is_in_the_persons_calendar_feed(world):
    from stodplattform.core.calendar import entries_for

    event = make_event(world.platform, capacity=10)
    make_registration(event, "Styr Gruppsson", email=world.steering.email.upper())
    other = make_event(world.platform, capacity=10, title="Ett annat evenemang")
    uids = {entry.uid for entry in entries_for(world.steering)}
    assert f"event-{event.pk}@stodplattform" in uids
    assert f"event-{other.pk}@stodplattform" not in uids
    assert not any(uid.startswith("event-") for uid in {e.uid for e in entries_for(world.manager_a)})
