"""Remind managers whose enterprise's figures for last year are due (a month before) or overdue.

Safe to run twice, also at the same time: each reminder (enterprise, year, person) is recorded
before its mail goes out, and is sent once. Run it daily:

    30 7 * * *  cd /srv/stod && .venv/bin/python manage.py remind_key_figures
"""

from django.core.management.base import BaseCommand

from stodplattform.followup.services import send_key_figure_reminders


class Command(BaseCommand):
    help = "E-mail the managers of every enterprise whose key figures for last year are due (once each)."

    def handle(self, *args, **options):
        sent = send_key_figure_reminders()
        self.stdout.write(f"{sent} reminder(s) sent.")
