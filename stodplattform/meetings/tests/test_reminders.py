"""The reminder command: agendas and action items, sent once however often it runs."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from stodplattform.meetings.models import ActionItem, Meeting
from stodplattform.meetings.services import send_action_item_reminders, send_agendas
from stodplattform.meetings.testing import make_meeting


def _run():
    out = StringIO()
    call_command("send_meeting_reminders", stdout=out)
    return out.getvalue()


def test_running_twice_sends_once(world, settings):
    settings.MEETINGS_AGENDA_DAYS_BEFORE = 3
    soon = make_meeting(world.platform, days=2)
    later = make_meeting(world.platform, days=10)
    today = timezone.localdate()
    due_soon = ActionItem.objects.create(
        meeting=soon, title="Snart", owner=world.manager_a, due_on=today + datetime.timedelta(days=2)
    )
    overdue = ActionItem.objects.create(
        meeting=soon, title="Sent", owner=world.manager_b, due_on=today - datetime.timedelta(days=1)
    )
    ActionItem.objects.create(
        meeting=soon, title="Klar", owner=world.manager_b, due_on=today, status=ActionItem.Status.DONE
    )
    ActionItem.objects.create(
        meeting=soon, title="Långt fram", owner=world.manager_b, due_on=today + datetime.timedelta(days=60)
    )

    assert "Agendas sent: 1. Action-item reminders sent: 2." in _run()
    # The network meeting's agenda to its three invitees, and one reminder to each owner.
    assert len(mail.outbox) == 5
    assert sorted(m.to[0] for m in mail.outbox if m.attachments) == sorted(
        [world.coordinator.email, world.manager_a.email, world.manager_b.email]
    )
    assert "Agendas sent: 0. Action-item reminders sent: 0." in _run()
    assert len(mail.outbox) == 5
    soon.refresh_from_db(), later.refresh_from_db(), due_soon.refresh_from_db(), overdue.refresh_from_db()
    assert soon.agenda_sent_at and not later.agenda_sent_at
    assert due_soon.due_soon_sent_at and overdue.overdue_sent_at


def test_a_claimed_meeting_is_not_sent_again(world):
    """Another run claimed it between this run's select and its update: this run sends nothing."""
    meeting = make_meeting(world.platform, days=1)
    Meeting.objects.filter(pk=meeting.pk).update(agenda_sent_at=timezone.now())
    assert send_agendas() == 0
    assert mail.outbox == []


def test_an_item_due_soon_is_reminded_again_once_overdue(world):
    meeting = make_meeting(world.platform, days=-10)
    today = timezone.localdate()
    item = ActionItem.objects.create(meeting=meeting, title="Gör", owner=world.manager_a, due_on=today)
    assert send_action_item_reminders(today=today) == 1
    assert send_action_item_reminders(today=today + datetime.timedelta(days=1)) == 1
    assert send_action_item_reminders(today=today + datetime.timedelta(days=2)) == 0
    assert "Sent" not in mail.outbox[0].subject or item
    assert len(mail.outbox) == 2
