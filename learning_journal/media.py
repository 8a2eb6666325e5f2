"""Photos and videos for the journal: checked and cleaned before anything is stored.

- Photos (JPEG, PNG, HEIC) are checked as ``preschool.lib.uploads.reencode_image`` checks them
  (opened by Pillow whatever their name says, refused when too large in bytes or pixels or
  damaged), made smaller, turned the right way up and saved afresh as JPEG without EXIF or GPS,
  and get a thumbnail. See ``_open_photo`` for why this is a faster copy of that function.
- Videos must really be MP4: an ISO base media file whose first box is ``ftyp`` with an MP4
  brand, whose top-level boxes are well formed and include ``moov`` and ``mdat``. They are
  limited in size and stored as uploaded (no transcoding).

What a file is, is decided from its content, never from its name or the browser's content type.
"""

import struct
import uuid
import warnings
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError

# Importing it registers the HEIC opener (pillow-heif) once for the whole portal.
from preschool.lib.uploads import (
    ACCEPTED_FORMATS,
    HEIF_SUPPORTED,
    JPEG_QUALITY,
    _flatten_to_rgb,
    _load_strictly,
)

PHOTO_MAX_EDGE = 2048
# A large JPEG is decoded at 1/2, 1/4 or 1/8 scale, as long as its long edge stays at least this:
# a 12-megapixel photo (4000 x 3000) is decoded straight to 2000 x 1500, and kept at that size.
DRAFT_MIN_EDGE = 1600
THUMB_MAX_EDGE = 480
THUMB_QUALITY = 80
MAX_PHOTO_BYTES = 15 * 1024 * 1024
MAX_PHOTO_PIXELS = 50_000_000
MAX_VIDEO_BYTES = 50 * 1024 * 1024
MAX_FILES_PER_OBSERVATION = 10

# ``ftyp`` major brands of MP4 files (ISO/IEC 14496-12 and -14, and what phones write).
MP4_BRANDS = {b"isom", b"iso2", b"iso3", b"iso4", b"iso5", b"iso6", b"iso8", b"mp41", b"mp42",
              b"avc1", b"M4V ", b"mmp4", b"MSNV", b"dash"}
# HEIC/HEIF photos are ISO base media files too; these brands are pictures, not videos.
HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1", b"avif"}
QUICKTIME_BRAND = b"qt  "
MAX_BOXES = 10_000

ACCEPTED_LABEL = (gettext_lazy("a JPEG, PNG or HEIC photo, or an MP4 video") if HEIF_SUPPORTED
                  else gettext_lazy("a JPEG or PNG photo, or an MP4 video"))
ACCEPT_ATTRIBUTE = ("image/jpeg,image/png,video/mp4"
                    + (",image/heic,image/heif,.heic,.heif" if HEIF_SUPPORTED else ""))


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")


@dataclass
class Processed:
    """A cleaned upload, ready to store."""

    kind: str  # Media.Kind value
    file: File
    thumbnail: ContentFile | None
    width: int | None
    height: int | None
    size_bytes: int


def _head(upload, n: int = 12) -> bytes:
    upload.seek(0)
    head = upload.read(n)
    upload.seek(0)
    return head


def _size(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, 2)
        size = upload.tell()
        upload.seek(0)
    return size


def process_upload(upload) -> Processed:
    """Check and clean one uploaded file; ValidationError with a message for the person."""
    head = _head(upload)
    if len(head) >= 12 and head[4:8] == b"ftyp" and head[8:12] not in HEIF_BRANDS:
        return process_video(upload)
    return process_photo(upload)


def process_photo(upload) -> Processed:
    """A clean JPEG (at most PHOTO_MAX_EDGE pixels a side) and a thumbnail."""
    image = _open_photo(upload)
    # Turn the picture the right way up after shrinking it: far less work than before.
    orientation = _orientation(image)
    if max(image.size) > PHOTO_MAX_EDGE:
        image.thumbnail((PHOTO_MAX_EDGE, PHOTO_MAX_EDGE), Image.Resampling.LANCZOS)
    image = _flatten_to_rgb(image)
    if orientation in _TRANSPOSE:
        image = image.transpose(_TRANSPOSE[orientation])
    width, height = image.size
    full = BytesIO()
    # No exif= or icc_profile=: the new file carries nothing but the pixels.
    image.save(full, format="JPEG", quality=JPEG_QUALITY)
    thumb = image.copy()
    thumb.thumbnail((THUMB_MAX_EDGE, THUMB_MAX_EDGE), Image.Resampling.LANCZOS)
    small = BytesIO()
    thumb.save(small, format="JPEG", quality=THUMB_QUALITY, optimize=True)
    name = uuid.uuid4().hex
    data = full.getvalue()
    return Processed(kind="photo", file=ContentFile(data, name=f"{name}.jpg"),
                     thumbnail=ContentFile(small.getvalue(), name=f"{name}-thumb.jpg"),
                     width=width, height=height, size_bytes=len(data))


# EXIF orientation -> the transposition that shows the picture the right way up.
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


def _orientation(image) -> int:
    try:
        return int(image.getexif().get(0x0112, 1))
    except Exception:  # a malformed EXIF block: keep the picture as it is
        return 1


def _open_photo(upload) -> Image.Image:
    """The upload opened and decoded by Pillow, checked as preschool.lib.uploads.reencode_image
    checks it (bytes, pixels, decompression bombs, format, damage), and decoded at a reduced
    scale when it is a large JPEG.

    A copy of that function's checks, not a call to it: it turns the picture and resizes it at
    full size, which takes over a second for a 12-megapixel photo on a small server; here a
    JPEG is decoded at the scale it will be kept at, and turned once small.
    """
    size = _size(upload)
    if size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("This file is %(size)s MB; the largest we accept is %(largest)s MB. Try a smaller "
              "photo.") % {"size": _mb(size), "largest": _mb(MAX_PHOTO_BYTES)},
            code="too_large")
    if size == 0:
        raise ValidationError(_("This file is empty. Choose a photo."), code="empty")
    not_accepted = ValidationError(
        _("This file is not %(formats)s. Choose a photo or a video in one of those formats.")
        % {"formats": ACCEPTED_LABEL}, code="format")
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image: Image.Image = Image.open(upload)
            width, height = image.size
            if width * height > MAX_PHOTO_PIXELS:
                raise ValidationError(
                    _("This picture is %(width)s x %(height)s pixels; the largest we accept is "
                      "%(megapixels)s megapixels. Try a smaller photo.")
                    % {"width": width, "height": height,
                       "megapixels": MAX_PHOTO_PIXELS // 1_000_000},
                    code="too_many_pixels")
            if image.format not in ACCEPTED_FORMATS:
                raise not_accepted
            scale = max((d for d in (8, 4, 2, 1)
                         if max(width, height) / d >= DRAFT_MIN_EDGE), default=1)
            if scale > 1 and image.format in ("JPEG", "MPO"):
                image.draft("RGB", (-(-width // scale), -(-height // scale)))
            # Strictly: once WeasyPrint is imported, Pillow would fill a damaged file with grey.
            _load_strictly(image)
            if scale > 1 and max(image.size) / scale >= DRAFT_MIN_EDGE:
                # HEIC and PNG cannot be decoded smaller: halve them cheaply instead (EXIF,
                # for the orientation, is kept on the reduced picture).
                exif = image.getexif()
                image = image.reduce(scale)
                image.info["exif"] = exif.tobytes()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This picture is far too large; the largest we accept is %(megapixels)s "
              "megapixels.") % {"megapixels": MAX_PHOTO_PIXELS // 1_000_000},
            code="too_many_pixels") from None
    except UnidentifiedImageError:
        raise not_accepted from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError(
            _("This picture could not be read: the file may be damaged or incomplete. Try "
              "taking or saving it again."), code="corrupt") from None
    return image


def process_video(upload) -> Processed:
    """The uploaded MP4, checked; refused unless it really is one and is small enough."""
    size = _size(upload)
    if size > MAX_VIDEO_BYTES:
        raise ValidationError(
            _("This video is %(size)s MB; the largest we accept is %(largest)s MB. Choose a "
              "shorter clip.") % {"size": _mb(size), "largest": _mb(MAX_VIDEO_BYTES)},
            code="too_large")
    check_mp4(upload, size)
    upload.seek(0)
    return Processed(kind="video", file=File(upload, name=f"{uuid.uuid4().hex}.mp4"),
                     thumbnail=None, width=None, height=None, size_bytes=size)


def check_mp4(upload, size: int) -> None:
    """Walk the top-level boxes of an ISO base media file: ``ftyp`` first with an MP4 brand,
    every box well formed, ``moov`` and ``mdat`` present. ValidationError otherwise."""
    not_mp4 = ValidationError(
        _("This file is not %(formats)s. Choose a photo or a video in one of those formats.")
        % {"formats": ACCEPTED_LABEL}, code="format")
    damaged = ValidationError(_("This video could not be read: the file may be damaged or "
                                "incomplete. Try saving or recording it again."), code="corrupt")
    upload.seek(0)
    offset, seen, count = 0, set(), 0
    while offset < size:
        count += 1
        if count > MAX_BOXES:
            raise damaged
        upload.seek(offset)
        header = upload.read(8)
        if len(header) < 8:
            raise damaged
        box_size, box_type = struct.unpack(">I4s", header)
        header_len = 8
        if box_size == 1:
            large = upload.read(8)
            if len(large) < 8:
                raise damaged
            box_size = struct.unpack(">Q", large)[0]
            header_len = 16
        elif box_size == 0:
            box_size = size - offset  # the last box runs to the end of the file
        if box_size < header_len or offset + box_size > size:
            raise damaged
        if not all(0x20 <= c <= 0x7E for c in box_type):
            raise damaged if count > 1 else not_mp4
        if count == 1:
            if box_type != b"ftyp":
                raise not_mp4
            brand = upload.read(4)
            if brand == QUICKTIME_BRAND:
                raise ValidationError(
                    _("This video is a QuickTime (MOV) file; we accept MP4 videos only. Most "
                      "phones can share or export a video as MP4."), code="format")
            if brand not in MP4_BRANDS:
                raise not_mp4
        seen.add(box_type)
        offset += box_size
    if b"moov" not in seen or b"mdat" not in seen:
        raise damaged
