from django.core.management.base import BaseCommand

from stodplattform.core.idempotency import purge


class Command(BaseCommand):
    help = "Remove the Idempotency-Keys and form tokens older than a day (safe to run twice)."

    def handle(self, *args, **options):
        removed = purge()
        if options["verbosity"] >= 2 or removed:
            self.stdout.write(f"{removed} idempotency keys removed")
