"""Apply the retention of every kind of personal data (the register: core/privacy.py).

Safe to run twice: each rule touches only what it has not emptied yet.
Cron, nightly:  30 3 * * *  cd /srv/stod && .venv/bin/python manage.py purge_personal_data
"""

from django.core.management.base import BaseCommand

from stodplattform.portal.services import purge_personal_data


class Command(BaseCommand):
    help = (
        "Remove or anonymise personal data past its retention period, kind by kind, and report what was done."
    )

    def handle(self, *args, **options):
        for key, count, skipped in purge_personal_data():
            self.stdout.write(f"{key}: {count}")
            for reason in skipped:
                self.stdout.write(f"  {key}: skipped {reason}")
