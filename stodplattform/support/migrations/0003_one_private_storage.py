"""Case attachments move into the one private storage (PRIVATE_ROOT).

They were kept by a storage of their own at PRIVATE_ROOT/support, and their names begin with
"support/", so they lay in PRIVATE_ROOT/support/support/…. The names stay; each file moves up to
PRIVATE_ROOT/<name>. A name of any other shape gets the "support/" in front. Running it again, or
on an empty PRIVATE_ROOT, moves nothing.
"""

from pathlib import Path

from django.conf import settings
from django.db import migrations

# Where the support app's own storage kept its files (its SUPPORT_ATTACHMENT_ROOT).
OLD_FOLDER = "support"


def move_files(entries, *, old_root: Path, new_root: Path, to_new: bool) -> int:
    """Move each entry's file between the old storage and the new; return how many moved."""
    moved = 0
    for entry in entries.exclude(attachment="").only("pk", "attachment"):
        if to_new:
            old_name = entry.attachment.name
            new_name = old_name if old_name.startswith(OLD_FOLDER + "/") else f"{OLD_FOLDER}/{old_name}"
            source, target = old_root / old_name, new_root / new_name
        else:
            new_name = entry.attachment.name
            source, target = new_root / new_name, old_root / new_name
        if source.is_file() and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            source.replace(target)
            moved += 1
        if new_name != entry.attachment.name:
            entries.filter(pk=entry.pk).update(attachment=new_name)
    # Folders the move emptied.
    for folder in sorted(
        (old_root / OLD_FOLDER if to_new else new_root / OLD_FOLDER).glob("**/"), reverse=True
    ):
        if folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()
    return moved


def roots() -> tuple[Path, Path]:
    new_root = Path(settings.PRIVATE_ROOT)
    return new_root / OLD_FOLDER, new_root


def forwards(apps, schema_editor):
    old_root, new_root = roots()
    move_files(
        apps.get_model("support", "CaseEntry").objects, old_root=old_root, new_root=new_root, to_new=True
    )


def backwards(apps, schema_editor):
    old_root, new_root = roots()
    move_files(
        apps.get_model("support", "CaseEntry").objects, old_root=old_root, new_root=new_root, to_new=False
    )


class Migration(migrations.Migration):
    dependencies = [("support", "0002_case_newest_index")]

    operations = [migrations.RunPython(forwards, backwards)]
