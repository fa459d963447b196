"""Case attachments are kept like every private file: in the one private storage, 0600 in 0700 folders."""

from stodplattform.core.files import private_storage
from stodplattform.support.models import CaseEntry


def test_support_attachments_use_the_one_private_storage():
    storage = CaseEntry._meta.get_field("attachment").storage
    assert storage is private_storage()
    assert (storage.file_permissions_mode, storage.directory_permissions_mode) == (0o600, 0o700)
