from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from stodplattform.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup archive into an empty installation (--force replaces a non-empty one)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="stodplattform-<date>-<time>.tar.gz from the backup command")
        parser.add_argument(
            "--force", action="store_true", help="Replace the current database and uploaded files."
        )

    def handle(self, *args, archive, force, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"No such archive: {archive}")
        try:
            manifest = restore_backup(path, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Restored the backup of {manifest['created']} ({len(manifest['files'])} files).")
