"""Case attachments are kept like every private file: 0600 in 0700 folders."""

from stodplattform.support.models import get_attachment_storage


def test_support_attachments_use_the_same_private_modes():
    storage = get_attachment_storage()
    assert (storage.file_permissions_mode, storage.directory_permissions_mode) == (0o600, 0o700)
