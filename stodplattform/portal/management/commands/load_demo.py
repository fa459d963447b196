from django.core.management.base import BaseCommand

from stodplattform.platforms.models import Platform
from stodplattform.portal.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo data (Stödplattformen Västerbergslagen and a second example platform)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing if the database already has a platform."
        )

    def handle(self, *args, if_empty=False, **options):
        if Platform.objects.exists():
            if if_empty:
                self.stdout.write("The database already has data; demo data not loaded.")
                return
            self.stderr.write("The database already has platforms; load the demo data into an empty one.")
            raise SystemExit(1)
        load_demo()
        self.stdout.write(self.style.SUCCESS("Demo data loaded."))
