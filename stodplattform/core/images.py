"""Uploaded images: checked, then decoded and encoded again by Pillow before they are stored.

Used by the platforms' logos and the enterprises' images and photos.
"""

import io
import warnings

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
ACCEPT = ",".join(IMAGE_TYPES.values())


def reencode(upload: UploadedFile, fmt: str, *, max_side: int) -> SimpleUploadedFile:
    """Only the pixels survive: EXIF (GPS position), comments and appended bytes are dropped."""
    upload.seek(0)
    with Image.open(upload) as picture:
        picture = ImageOps.exif_transpose(picture)
        picture.thumbnail((max_side, max_side))
        options = {"exif": b"", "icc_profile": picture.info.get("icc_profile")}
        if fmt == "JPEG":
            if picture.mode not in ("RGB", "L"):
                picture = picture.convert("RGB")
            options.update(quality=85, optimize=True)
        elif fmt == "WEBP":
            if picture.mode not in ("RGB", "RGBA"):
                picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
            options.update(quality=85)
        else:
            options.update(optimize=True)
        buffer = io.BytesIO()
        picture.save(buffer, fmt, **{k: v for k, v in options.items() if v is not None})
    return SimpleUploadedFile(f"image.{IMAGE_FORMATS[fmt]}", buffer.getvalue(), IMAGE_TYPES[fmt])


def clean_image(image, *, max_side: int = 2400):
    """A form field's cleaned upload, checked and re-encoded; unchanged or cleared values pass through.

    Raises forms.ValidationError (translated) for a file that is too large, too many pixels,
    or not a JPEG, PNG or WebP image.
    """
    if not isinstance(image, UploadedFile):
        return image
    not_an_image = forms.ValidationError(_("Upload a JPEG, PNG or WebP image."), code="invalid_image")
    limit = settings.IMAGE_MAX_BYTES
    if image.size > limit:
        raise forms.ValidationError(
            _("The image is too large: at most %(limit)s.") % {"limit": filesizeformat(limit)},
            code="too_large",
        )
    try:
        image.seek(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(image) as picture:
                fmt, (width, height) = picture.format, picture.size
                picture.verify()
    except Exception:
        raise not_an_image from None
    finally:
        image.seek(0)
    if fmt not in IMAGE_FORMATS:
        raise not_an_image
    max_pixels = settings.IMAGE_MAX_PIXELS
    if width * height > max_pixels:
        megapixels = number_format(max_pixels / 1_000_000, decimal_pos=max_pixels % 1_000_000 and 1)
        raise forms.ValidationError(
            _(
                "The image is %(width)s × %(height)s pixels; at most %(megapixels)s megapixels "
                "are accepted. Make it smaller and upload it again."
            )
            % {"width": width, "height": height, "megapixels": megapixels},
            code="too_many_pixels",
        )
    try:
        return reencode(image, fmt, max_side=max_side)
    except Exception:
        raise not_an_image from None
