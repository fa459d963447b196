"""Private files: attachments that only permission-checked views may hand out.

They live under ``settings.PRIVATE_ROOT``, outside ``MEDIA_ROOT``, so neither the web
server nor ``SERVE_MEDIA`` ever serves them by URL. A FileField names the callable
``private_storage``, so migrations refer to it instead of freezing one machine's path.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_ROOT`` as it is at each use (a test may point it elsewhere),
    with no URL: ``url()`` refuses, so only a view can hand a file out."""

    @property
    def location(self):
        return os.path.abspath(settings.PRIVATE_ROOT)

    @property
    def base_url(self):
        return None


_storage = PrivateStorage()


def private_storage():
    return _storage


def private_file_response(field, name: str) -> FileResponse:
    """Hand out a private file as a download that no cache keeps; 404 when it is gone."""
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404 from error
    response = FileResponse(handle, as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response
