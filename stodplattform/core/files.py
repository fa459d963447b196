"""Private files: attachments that only permission-checked views may hand out.

They live under ``settings.PRIVATE_ROOT``, outside ``MEDIA_ROOT``, so neither the web
server nor ``SERVE_MEDIA`` ever serves them by URL. A FileField names the callable
``private_storage``, so migrations refer to it instead of freezing one machine's path.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.functional import LazyObject


def private_file_system(location) -> FileSystemStorage:
    """A storage whose files and folders only the app's own user may read or list (0600, 0700):
    attachments hold people's matters, and other local users have no business with them."""
    return FileSystemStorage(
        location=location, base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700
    )


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = private_file_system(settings.PRIVATE_ROOT)


_storage = _PrivateStorage()


def private_storage():
    return _storage


def reset_private_storage() -> None:
    """For tests that point PRIVATE_ROOT elsewhere."""
    from django.utils.functional import empty

    _storage._wrapped = empty


def private_file_response(field, name: str) -> FileResponse:
    """Hand out a private file as a download that no cache keeps; 404 when it is gone."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
