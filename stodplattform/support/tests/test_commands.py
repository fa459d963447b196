"""The scheduled work: the overdue digest (once a day) and the purge of confidential cases."""

import datetime
import threading

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from stodplattform.core.files import private_storage
from stodplattform.support.forms import EntryForm
from stodplattform.support.models import DigestSent, SupportCase
from stodplattform.support.services import add_entry, change_case_status, next_reference, send_overdue_digests
from stodplattform.support.testing import make_case


def _overdue(world, cases):
    past = timezone.localdate() - datetime.timedelta(days=3)
    for case in (cases.conf_a, cases.case_a):
        SupportCase.objects.filter(pk=case.pk).update(
            due_on=past, opened_on=past - datetime.timedelta(days=10)
        )
    SupportCase.objects.filter(pk=cases.case_a.pk).update(assignee=world.coordinator)


def test_digest_is_sent_once_a_day(world, cases):
    _overdue(world, cases)
    call_command("support_digest", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert sorted(m.to[0] for m in mail.outbox) == sorted([world.coopted.email, world.coordinator.email])
    coopted_mail = next(m for m in mail.outbox if m.to == [world.coopted.email])
    assert cases.conf_a.reference in coopted_mail.body and cases.case_a.reference not in coopted_mail.body
    # Twice the same day: nothing more.
    assert send_overdue_digests() == 0
    assert len(mail.outbox) == 2
    assert DigestSent.objects.filter(sent_at__isnull=False).count() == 2
    # The next day, again.
    assert send_overdue_digests(day=timezone.localdate() + datetime.timedelta(days=1)) == 2


def test_digest_gives_the_day_back_when_mail_fails(world, cases, monkeypatch):
    _overdue(world, cases)
    from stodplattform.support import services

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", broken)
    with pytest.raises(OSError):
        send_overdue_digests()
    assert not DigestSent.objects.filter(sent_at__isnull=False).exists()
    monkeypatch.undo()
    assert send_overdue_digests() == 2


def test_closed_and_undue_cases_are_not_in_the_digest(world, cases):
    assert send_overdue_digests() == 0
    assert mail.outbox == []


def test_purge_keeps_reference_category_hours_and_dates(world, cases):
    form = EntryForm(
        {"kind": "meeting", "date": "2024-01-01", "minutes": "90", "text": "Samtal om Kalle"},
        {"attachment": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    assert form.is_valid(), form.errors
    entry = add_entry(cases.conf_a, form, by=world.coopted)
    stored = entry.attachment.name
    assert private_storage().exists(stored)
    cases.conf_a.requester_name = "Kalle Anställd"
    cases.conf_a.save()
    change_case_status(cases.conf_a, status="closed", outcome="resolved", by=world.coordinator)
    # An open confidential case and a closed ordinary case are kept.
    change_case_status(cases.case_a, status="closed", outcome="resolved", by=world.coordinator)

    call_command("purge_personal_data", "--kind", "confidential_cases", stdout=open("/dev/null", "w"))  # noqa: SIM115
    cases.conf_a.refresh_from_db()
    assert cases.conf_a.purged_at is None  # within the retention period

    later = timezone.now() + datetime.timedelta(days=31 * 25)
    from stodplattform.support.services import purge_confidential_cases

    assert purge_confidential_cases(now=later) == 1
    assert purge_confidential_cases(now=later) == 0  # once
    case = SupportCase.objects.get(pk=cases.conf_a.pk)
    assert case.purged_at and case.reference and case.category == "hr"
    assert case.title == case.description == case.requester_name == ""
    assert case.opened_on and case.closed_at
    entry.refresh_from_db()
    assert entry.minutes == 90 and entry.text == "" and not entry.attachment
    assert not private_storage().exists(stored)
    history = LogEntry.objects.get_for_object(case).latest("pk")
    assert "purged_at" in history.changes_dict
    # No log entry keeps the removed names or texts.
    assert not LogEntry.objects.filter(changes__icontains="Kalle").exists()
    assert not LogEntry.objects.filter(changes__icontains="Personalärende").exists()
    assert not LogEntry.objects.filter(object_repr__icontains="Personalärende").exists()
    assert SupportCase.objects.get(pk=cases.case_a.pk).purged_at is None


def test_references_count_per_platform_and_year(world):
    first = make_case(world.platform, title="1")
    second = make_case(world.platform, title="2")
    other = make_case(world.other_platform, title="3")
    year = timezone.localdate().year
    assert first.reference == f"PA-{year}-0001" and second.reference == f"PA-{year}-0002"
    assert other.reference == f"PB-{year}-0001"
    old = make_case(world.platform, title="4", opened_on=datetime.date(year - 1, 12, 31))
    assert old.reference == f"PA-{year - 1}-0001"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL; SQLite locks the whole file"
)
# Transactional, with the migrated rows restored afterwards so that the tests after it find them.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_references_are_unique_under_concurrency(world):
    from django.db import connections, transaction

    references, errors = [], []
    barrier = threading.Barrier(8)

    def worker():
        try:
            barrier.wait()
            with transaction.atomic():
                references.append(next_reference(world.platform, 2030))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(references) == [f"PA-2030-{n:04d}" for n in range(1, 9)]
