"""E-mail managers when a funding call or tender that fits their enterprise nears its deadline,
and when a quality label is due for renewal; each reminder once, however often it runs.

Cron, every morning at 07:10:  10 7 * * *  cd /srv/stod && .venv/bin/python manage.py financing_reminders
"""

from django.core.management.base import BaseCommand

from stodplattform.financing.services import send_reminders


class Command(BaseCommand):
    help = "Remind managers of deadlines of calls and tenders that fit, and of labels to renew (safe to run twice)."

    def handle(self, *args, **options):
        sent = send_reminders()
        self.stdout.write(f"{sent} reminder(s) sent")
