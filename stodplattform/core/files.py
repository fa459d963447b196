"""Private files: attachments that only permission-checked views may hand out.

They live under ``settings.PRIVATE_ROOT``, outside ``MEDIA_ROOT``, so neither the web
server nor ``SERVE_MEDIA`` ever serves them by URL. A FileField names the callable
``private_storage``, so migrations refer to it instead of freezing one machine's path.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.functional import LazyObject


class _PrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_ROOT, base_url=None)


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
