"""Uploaded images: checked, re-encoded and stripped before anything is stored.

Every picture that reaches the portal goes through ``reencode_image`` (docs/architecture.md,
"Files and PDFs"): the upload is opened by Pillow (never trusted by its name or content type),
refused if it is too large in bytes or in pixels (a "decompression bomb" is a small file whose
header claims a huge picture), turned the right way up from its EXIF orientation, shrunk to a
sensible size and saved afresh as a JPEG. Saving afresh drops every piece of metadata (EXIF,
GPS location, camera serial numbers, comments), so nothing but the pixels is kept.

iPhone photos (HEIC) are accepted when pillow-heif is installed.
"""

import contextlib
import threading
import uuid
import warnings
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

try:  # pragma: no cover - depends on the installed packages
    import pillow_heif

    pillow_heif.register_heif_opener()
    HEIF_SUPPORTED = True
except ImportError:  # pragma: no cover
    HEIF_SUPPORTED = False

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
DEFAULT_MAX_EDGE = 2048
JPEG_QUALITY = 85

# Pillow names many phone-camera JPEGs "MPO" (a JPEG with extra preview pictures).
ACCEPTED_FORMATS = {"JPEG", "MPO", "PNG"} | ({"HEIF"} if HEIF_SUPPORTED else set())
ACCEPTED_LABEL = _("a JPEG, PNG or HEIC photo") if HEIF_SUPPORTED else _("a JPEG or PNG photo")
NOT_ACCEPTED_MESSAGE = (
    _("This file is not a JPEG, PNG or HEIC photo. Choose a photo in one of those formats.")
    if HEIF_SUPPORTED else
    _("This file is not a JPEG or PNG photo. Choose a photo in one of those formats."))
PDF_OR_PHOTO_MESSAGE = (_("Attach a PDF document or a JPEG, PNG or HEIC photo.") if HEIF_SUPPORTED
                        else _("Attach a PDF document or a JPEG or PNG photo."))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


def reencode_image(upload, *, max_edge: int = DEFAULT_MAX_EDGE,
                   max_bytes: int = MAX_UPLOAD_BYTES, max_pixels: int = MAX_PIXELS,
                   name_prefix: str = "") -> ContentFile:
    """A clean JPEG made from ``upload`` (a Django UploadedFile or any file object).

    Raises ValidationError, with a message for the person who uploaded it, when the file is
    not a JPEG/PNG (or HEIC) picture, is damaged, is over ``max_bytes``, or has more than
    ``max_pixels`` pixels. The result fits in ``max_edge`` x ``max_edge`` pixels, has no
    metadata, and is named with a random UUID (never the uploaded file name).
    """
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
    if size > max_bytes:
        raise ValidationError(
            gettext("This file is %(size)s MB; the largest we accept is %(largest)s MB. Try a "
                    "smaller photo.")
            % {"size": _megabytes(size), "largest": _megabytes(max_bytes)}, code="too_large")
    if size == 0:
        raise ValidationError(gettext("This file is empty. Choose a photo."), code="empty")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns (and past twice its limit, refuses) on huge pictures; treat both as
            # a refusal rather than a warning in the logs.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(upload)
            image_format = image.format
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    gettext("This picture is %(width)s x %(height)s pixels; the largest we accept "
                            "is %(megapixels)s megapixels. Try a smaller photo.")
                    % {"width": width, "height": height, "megapixels": max_pixels // 1_000_000},
                    code="too_many_pixels")
            if image_format not in ACCEPTED_FORMATS:
                raise ValidationError(NOT_ACCEPTED_MESSAGE, code="format")
            if image_format in ("JPEG", "MPO"):
                # Decode a large JPEG at a reduced scale: faster, and far less memory.
                image.draft("RGB", (max_edge, max_edge))
            _load_strictly(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            gettext("This picture is far too large; the largest we accept is %(megapixels)s "
                    "megapixels.") % {"megapixels": max_pixels // 1_000_000},
            code="too_many_pixels") from None
    except UnidentifiedImageError:
        raise ValidationError(NOT_ACCEPTED_MESSAGE, code="format") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        # Pillow reports truncated or corrupt data with these.
        raise ValidationError(
            gettext("This picture could not be read: the file may be damaged or incomplete. "
                    "Try taking or saving it again."), code="corrupt") from None

    with contextlib.suppress(Exception):  # a malformed EXIF block: keep the picture as it is
        image = ImageOps.exif_transpose(image)
    image = _flatten_to_rgb(image)
    image.thumbnail((max_edge, max_edge), Image.Resampling.LANCZOS)
    out = BytesIO()
    # No exif= or icc_profile=: the new file carries nothing but the pixels.
    image.save(out, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(out.getvalue(), name=f"{name_prefix}{uuid.uuid4().hex}.jpg")


# WeasyPrint sets Pillow's process-wide ImageFile.LOAD_TRUNCATED_IMAGES to True when it is
# imported, which makes Pillow fill a damaged file's missing part with grey instead of failing.
# Uploads must fail instead, so the flag is switched off while one is decoded (under a lock, as
# the flag is shared by every thread).
_strict_loading = threading.Lock()


def _load_strictly(image: Image.Image) -> None:
    with _strict_loading:
        previous = ImageFile.LOAD_TRUNCATED_IMAGES
        ImageFile.LOAD_TRUNCATED_IMAGES = False
        try:
            image.load()
        finally:
            ImageFile.LOAD_TRUNCATED_IMAGES = previous


def _flatten_to_rgb(image: Image.Image) -> Image.Image:
    """RGB pixels; transparent areas become white (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    if image.mode != "RGB":
        return image.convert("RGB")
    return image


PDF_MAGIC = b"%PDF-"


def photo_or_pdf(upload, *, max_bytes: int = MAX_UPLOAD_BYTES) -> tuple[ContentFile, str]:
    """A file people share (a message's attachment): a PDF kept as it is once its first
    bytes say it is one, or a photo re-encoded by ``reencode_image``; with its content type.
    Raises ValidationError with a message for the person otherwise."""
    size = getattr(upload, "size", 0) or 0
    if size > max_bytes:
        raise ValidationError(
            gettext("This file is %(size)s MB; the largest we accept is %(largest)s MB.")
            % {"size": _megabytes(size), "largest": _megabytes(max_bytes)}, code="too_large")
    if size == 0:
        raise ValidationError(gettext("This file is empty."), code="empty")
    upload.seek(0)
    head = upload.read(len(PDF_MAGIC))
    upload.seek(0)
    if head == PDF_MAGIC:
        return ContentFile(upload.read(), name=f"{uuid.uuid4().hex}.pdf"), "application/pdf"
    try:
        return reencode_image(upload, max_bytes=max_bytes), "image/jpeg"
    except ValidationError as exc:
        if exc.code == "format":
            raise ValidationError(PDF_OR_PHOTO_MESSAGE, code="format") from None
        raise
