from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from stodplattform.core.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into one dated .tar.gz with a .sha256 beside it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.BASE_DIR) / "var" / "backups"),
            help="Directory for the archive (default: var/backups).",
        )

    def handle(self, *args, output, **options):
        try:
            archive = make_backup(Path(output))
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(str(archive))
