"""Mail the agendas of coming meetings and remind owners of action items due soon or overdue.

Safe to run twice, or on two servers at once: each mail is claimed first with a
conditional update(), and what was sent is recorded. Run it every hour, e.g.

    15 * * * *  cd /srv/stodplattform && .venv/bin/python manage.py send_meeting_reminders
"""

from django.core.management.base import BaseCommand

from stodplattform.meetings.services import send_action_item_reminders, send_agendas


class Command(BaseCommand):
    help = "Mail coming meetings' agendas and remind owners of action items due soon or overdue."

    def handle(self, *args, **options):
        agendas = send_agendas()
        reminders = send_action_item_reminders()
        self.stdout.write(f"Agendas sent: {agendas}. Action-item reminders sent: {reminders}.")
