"""learning_journal.media: photos re-encoded without metadata and thumbnailed; videos that
really are MP4; limits with clear messages."""

import struct
import time
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from learning_journal import media as journal_media
from learning_journal.media import process_upload
from tests.learning_journal.factories import box, image_bytes, mp4_bytes, upload


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _jpeg_with_gps(size=(60, 30), orientation=6) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[0x0112] = orientation
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _open(content) -> Image.Image:
    content.seek(0)
    return Image.open(BytesIO(content.read()))


def test_a_photo_is_reencoded_without_exif_or_gps_the_right_way_up_with_a_thumbnail():
    result = process_upload(upload(_jpeg_with_gps(), "IMG_0001.jpg"))
    assert result.kind == "photo"
    image = _open(result.file)
    assert image.format == "JPEG" and not image.getexif()
    assert (result.width, result.height) == image.size == (30, 60)  # orientation applied
    result.file.seek(0)
    assert b"PhoneMaker" not in result.file.read()
    assert "IMG_0001" not in result.file.name
    assert _open(result.thumbnail).format == "JPEG"


def test_a_large_photo_is_made_smaller_and_its_thumbnail_smaller_still():
    result = process_upload(upload(image_bytes(size=(3000, 2500))))
    assert max(_open(result.file).size) == journal_media.PHOTO_MAX_EDGE
    assert max(_open(result.thumbnail).size) == journal_media.THUMB_MAX_EDGE
    # A 12-megapixel photo is decoded at half scale and kept so.
    result = process_upload(upload(image_bytes(size=(4000, 3000))))
    assert _open(result.file).size == (2000, 1500)


def test_png_and_heic_photos_are_accepted():
    assert process_upload(upload(image_bytes("PNG"), "a.png", "image/png")).kind == "photo"
    import pillow_heif

    pillow_heif.register_heif_opener()
    out = BytesIO()
    Image.new("RGB", (64, 48), (20, 200, 20)).save(out, format="HEIF")
    result = process_upload(upload(out.getvalue(), "IMG_1234.HEIC", "image/heic"))
    assert result.kind == "photo" and _open(result.file).format == "JPEG"


@pytest.mark.parametrize(("data", "code"), [
    (b"GIF89a" + b"\x00" * 40, "format"),
    (b"<html><script>alert(1)</script></html>", "format"),
    (image_bytes()[:150], "corrupt"),
    (png_header_claiming(20000, 20000), "too_many_pixels"),
    (b"", "empty"),
])
def test_what_is_not_a_good_picture_is_refused(data, code):
    with pytest.raises(ValidationError) as error:
        process_upload(upload(data))
    assert error.value.code == code


def test_a_photo_over_the_byte_limit_is_refused(monkeypatch):
    monkeypatch.setattr(journal_media, "MAX_PHOTO_BYTES", 1000)
    with pytest.raises(ValidationError, match="the largest we accept"):
        process_upload(upload(image_bytes(size=(400, 400))))


def test_an_mp4_is_accepted_and_stored_as_it_is():
    data = mp4_bytes()
    result = process_upload(upload(data, "clip.mp4", "video/mp4"))
    assert result.kind == "video" and result.thumbnail is None
    result.file.seek(0)
    assert result.file.read() == data
    assert result.file.name.endswith(".mp4") and "clip" not in result.file.name


def test_an_mp4_with_a_large_box_and_one_running_to_the_end_is_fine():
    ftyp = box(b"ftyp", b"mp42\x00\x00\x00\x00mp42isom")
    moov = box(b"moov", box(b"mvhd", b"\x00" * 100))
    large = struct.pack(">I", 1) + b"free" + struct.pack(">Q", 16 + 8) + b"\x00" * 8
    to_end = struct.pack(">I", 0) + b"mdat" + b"\x01" * 50
    assert process_upload(upload(ftyp + moov + large + to_end, "a.mp4")).kind == "video"


@pytest.mark.parametrize(("data", "message"), [
    (mp4_bytes(brand=b"qt  "), "QuickTime"),
    (mp4_bytes(brand=b"M4A "), "is not a JPEG"),
    (mp4_bytes()[:-10], "could not be read"),  # cut short
    (box(b"ftyp", b"isom\x00\x00\x00\x00") + box(b"mdat", b"x"), "could not be read"),  # no moov
    (box(b"ftyp", b"isom\x00\x00\x00\x00") + b"\x00\x00\x00\x04moov", "could not be read"),
    (box(b"ftyp", b"isom\x00\x00\x00\x00") + box(b"mo\x00v") + box(b"mdat"),
     "could not be read"),
])
def test_what_is_not_really_an_mp4_is_refused(data, message):
    with pytest.raises(ValidationError, match=message):
        process_upload(upload(data, "clip.mp4", "video/mp4"))


def test_a_video_over_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(journal_media, "MAX_VIDEO_BYTES", 100)
    with pytest.raises(ValidationError, match="the largest we accept is"):
        process_upload(upload(mp4_bytes(mdat=b"\x00" * 200), "clip.mp4"))


def test_a_12_megapixel_photo_is_processed_in_under_a_second():
    """The best of three runs, so that a busy machine does not fail it (bench/journal_photo.py
    measures properly)."""
    data = image_bytes(size=(4000, 3000), quality=92)
    runs = []
    for _ in range(3):
        start = time.perf_counter()
        process_upload(upload(data))
        runs.append(time.perf_counter() - start)
    assert min(runs) < 1.0, runs


def test_a_large_heic_or_png_is_halved_and_still_turned_the_right_way_up():
    image = Image.new("RGB", (3400, 1700), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6
    out = BytesIO()
    image.save(out, format="PNG", exif=exif)
    result = process_upload(upload(out.getvalue(), "big.png", "image/png"))
    assert (result.width, result.height) == (850, 1700)


def test_a_damaged_photo_is_refused_even_once_weasyprint_is_loaded():
    # WeasyPrint makes Pillow fill a damaged picture with grey (a process-wide flag).
    import weasyprint  # noqa: F401

    data = image_bytes(size=(300, 200))
    with pytest.raises(ValidationError) as error:
        process_upload(upload(data[:len(data) // 2]))
    assert error.value.code == "corrupt"
