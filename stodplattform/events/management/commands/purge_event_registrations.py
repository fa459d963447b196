"""Remove registrants' personal data a set time after each event; the counts stay.

Safe to run twice (and at the same time): only rows not yet emptied are touched.
One kind of purge_personal_data (README, Scheduled jobs), which cron runs; this runs it alone.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from stodplattform.events.services import purge_personal_data


class Command(BaseCommand):
    help = "Remove registrants' names, e-mail addresses, organisations and notes EVENTS_RETENTION_DAYS after events."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override EVENTS_RETENTION_DAYS ({settings.EVENTS_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        count = purge_personal_data(days=days)
        self.stdout.write(f"Removed the personal data of {count} registration(s).")
