"""Uploaded files, when the application serves MEDIA_ROOT itself (SERVE_MEDIA)."""

import mimetypes

from django.views.static import serve

# What the platform stores (images re-encoded by Pillow); anything else is only downloaded.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp"}


def serve_media(request, path, document_root):
    response = serve(request, path, document_root=document_root)
    content_type = mimetypes.guess_type(path)[0]
    if content_type not in INLINE_TYPES:
        response["Content-Type"] = "application/octet-stream"
        response["Content-Disposition"] = "attachment"
    # The browser must take the type as given, never sniff HTML or script out of an upload.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
