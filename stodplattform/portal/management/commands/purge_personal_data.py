"""Apply the retention of every kind of personal data (the register: core/privacy.py).

Safe to run twice: each rule touches only what it has not emptied yet.
Cron, nightly:  30 3 * * *  cd /srv/stod && .venv/bin/python manage.py purge_personal_data
One kind alone (its key, as on the privacy page):  manage.py purge_personal_data --kind registrations
"""

from django.core.management.base import BaseCommand

from stodplattform.core.privacy import kinds
from stodplattform.portal.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Remove or anonymise personal data past its retention period, kind by kind, and report what was done."
    )

    def add_arguments(self, parser):
        keys = ["accounts", *(kind.key for kind in kinds() if kind.purge is not None)]
        parser.add_argument(
            "--kind", action="append", choices=keys, help="Only this kind (may be repeated); all by default."
        )

    def handle(self, *args, kind=None, **options):
        for key, count, skipped in purge_personal_data(only=set(kind) if kind else None):
            self.stdout.write(f"{key}: {count}")
            for reason in skipped:
                self.stdout.write(f"  {key}: skipped {reason}")
