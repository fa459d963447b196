"""Remind applicants whose intervention has ended and whose report is not in.

Safe to run twice, also at the same time: each intervention is claimed with a
conditional update before its mail goes out, and is reminded once. Run it daily:

    15 7 * * *  cd /srv/stod && .venv/bin/python manage.py send_report_reminders
"""

from django.core.management.base import BaseCommand

from stodplattform.interventions.services import send_report_reminders


class Command(BaseCommand):
    help = "E-mail a reminder for every intervention whose report is due and not in (once each)."

    def handle(self, *args, **options):
        sent = send_report_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
