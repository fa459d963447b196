"""E-mail each assignee their overdue support cases; once a day, however often it runs.

Cron, every morning at 07:00:  0 7 * * *  cd /srv/stod && .venv/bin/python manage.py support_digest
"""

from django.core.management.base import BaseCommand

from stodplattform.support.services import send_overdue_digests


class Command(BaseCommand):
    help = "E-mail each assignee a digest of their overdue support cases (safe to run twice a day)."

    def handle(self, *args, **options):
        sent = send_overdue_digests()
        self.stdout.write(f"{sent} digest(s) sent")
