"""Private files and backup archives are readable by the app's own user only (0600)."""

import stat

import pytest
from django.core.files.base import ContentFile

from stodplattform.core.backup import make_backup
from stodplattform.core.files import private_storage


def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_attachments_are_written_0600_in_0700_folders(settings):
    storage = private_storage()
    name = storage.save("meetings/1/abcd-plan.pdf", ContentFile(b"%PDF-1.7 x"))
    path = settings.PRIVATE_ROOT / name
    assert _mode(path) == 0o600
    assert _mode(path.parent) == 0o700


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_archive_is_0600(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    private_storage().save("meetings/1/abcd-plan.pdf", ContentFile(b"%PDF-1.7 x"))
    archive = make_backup(tmp_path / "backups")
    assert _mode(archive) == 0o600
    assert _mode(archive.parent) == 0o700
