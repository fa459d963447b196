"""Private files: attachments that only permission-checked views may hand out.

They live under ``settings.PRIVATE_ROOT``, outside ``MEDIA_ROOT``, so neither the web
server nor ``SERVE_MEDIA`` ever serves them by URL. A FileField names the callable
``private_storage``, so migrations refer to it instead of freezing one machine's path.
"""

import os
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_ROOT`` as it is at each use (a test may point it elsewhere),
    with no URL: ``url()`` refuses, so only a view can hand a file out. Files and folders are
    the app's own user's alone (0600, 0700): attachments hold people's matters, and other local
    users have no business with them."""

    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

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


# Accepted attachments: extension → how the file must begin (None: plain UTF-8 text).
ATTACHMENT_TYPES = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
    ".odt": b"PK\x03\x04",
    ".ods": b"PK\x03\x04",
    ".txt": None,
}


def check_attachment(upload, *, max_bytes: int):
    """An uploaded attachment's size, type (by extension, from ``ATTACHMENT_TYPES``) and content
    (it must begin as its type does): the one check for every private attachment."""
    if not isinstance(upload, UploadedFile):
        return upload
    if upload.size > max_bytes:
        raise forms.ValidationError(
            _("The file is too large: at most %(limit)s.") % {"limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    ext = Path(upload.name).suffix.lower()
    if ext not in ATTACHMENT_TYPES:
        raise forms.ValidationError(
            _("Attach a PDF, Word, Excel, OpenDocument, text, PNG or JPEG file."), code="type"
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    magic = ATTACHMENT_TYPES[ext]
    if magic is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character cut at 2048 bytes is still text.
            try:
                head[:-3].decode("utf-8")
            except UnicodeDecodeError:
                raise forms.ValidationError(
                    _("The file's contents do not match its type (%(ext)s).") % {"ext": ext},
                    code="content",
                ) from None
        if b"\x00" in head:
            raise forms.ValidationError(
                _("The file's contents do not match its type (%(ext)s).") % {"ext": ext}, code="content"
            )
    elif not head.startswith(magic):
        raise forms.ValidationError(
            _("The file's contents do not match its type (%(ext)s).") % {"ext": ext}, code="content"
        )
    return upload
