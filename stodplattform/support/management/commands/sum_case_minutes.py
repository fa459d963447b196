"""Sum the minutes logged on support cases per platform and month anew (``CaseMinutesMonth``).

The application keeps these sums itself; run this after entries or cases were changed outside
it (in the database directly, or restored from a backup of the entries alone). Safe to run
twice: it replaces the sums, it never adds to them.
"""

from django.core.management.base import BaseCommand

from stodplattform.support.services import sum_case_minutes


class Command(BaseCommand):
    help = "Sum the minutes logged on support cases per platform and month anew (safe to run twice)."

    def handle(self, *args, **options):
        kept = sum_case_minutes()  # in one transaction, the platforms locked
        self.stdout.write(f"{kept} monthly sum(s) kept")
