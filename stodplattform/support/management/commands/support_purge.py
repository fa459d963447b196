"""Remove names, texts and attachments from closed confidential cases past the retention period.

One kind of purge_personal_data (README, Scheduled jobs), which cron runs; this runs it alone.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from stodplattform.support.services import purge_confidential_cases


class Command(BaseCommand):
    help = (
        "Purge closed confidential support cases older than SUPPORT_CONFIDENTIAL_RETENTION_MONTHS "
        "(keeps reference, category, hours and dates)."
    )

    def handle(self, *args, **options):
        purged = purge_confidential_cases()
        months = settings.SUPPORT_CONFIDENTIAL_RETENTION_MONTHS
        self.stdout.write(f"{purged} confidential case(s) closed over {months} months ago purged")
