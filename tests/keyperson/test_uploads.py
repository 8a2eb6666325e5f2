"""preschool.lib.uploads: every uploaded picture is checked, re-encoded and stripped."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from preschool.lib import uploads
from preschool.lib.uploads import reencode_image
from tests.keyperson.factories import image_bytes


def _upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def _open(content) -> Image.Image:
    content.seek(0)
    return Image.open(BytesIO(content.read()))


def png_header_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def _jpeg_with_exif(orientation=None, gps=True, size=(40, 20)) -> bytes:
    image = Image.new("RGB", size, (10, 120, 200))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "SecretCam 1.0"  # Software
    if orientation:
        exif[0x0112] = orientation
    if gps:
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_it_reencodes_a_jpeg_without_any_metadata():
    original = _jpeg_with_exif()
    assert b"SecretCam" in original
    result = reencode_image(_upload(original))
    data = result.read()
    assert b"SecretCam" not in data and b"PhoneMaker" not in data
    image = _open(result)
    assert image.format == "JPEG"
    assert not image.getexif()
    assert "exif" not in image.info and "icc_profile" not in image.info
    assert result.name.endswith(".jpg") and "photo" not in result.name


def test_it_turns_the_picture_the_right_way_up():
    # EXIF orientation 6: the camera was held sideways; a 40x20 picture is shown 20x40.
    result = reencode_image(_upload(_jpeg_with_exif(orientation=6)))
    assert _open(result).size == (20, 40)


def test_a_transparent_png_becomes_a_jpeg_on_white():
    data = image_bytes("PNG", size=(10, 10), color=(0, 0, 0, 0))
    image = _open(reencode_image(_upload(data, "logo.png", "image/png")))
    assert image.format == "JPEG"
    assert image.getpixel((5, 5)) == pytest.approx((255, 255, 255), abs=3)


def test_it_shrinks_a_large_picture_to_the_maximum_edge():
    data = image_bytes("JPEG", size=(3000, 1500))
    image = _open(reencode_image(_upload(data), max_edge=800))
    assert image.size == (800, 400)


@pytest.mark.parametrize(("data", "name"), [
    (b"%PDF-1.4 this is not a picture", "document.pdf"),
    (b"just some text", "photo.jpg"),
    (image_bytes("GIF"), "animation.gif"),
])
def test_a_file_that_is_not_an_accepted_picture_is_refused(data, name):
    with pytest.raises(ValidationError, match="not a JPEG"):
        reencode_image(_upload(data, name))


@pytest.mark.parametrize("truncated_images_allowed", [False, True])
def test_a_corrupt_picture_is_refused_with_a_clear_message(monkeypatch,
                                                           truncated_images_allowed):
    # WeasyPrint switches Pillow's LOAD_TRUNCATED_IMAGES on when imported: uploads still fail.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", truncated_images_allowed)
    data = image_bytes("JPEG", size=(400, 300))
    truncated = data[: len(data) // 3]
    with pytest.raises(ValidationError, match="could not be read"):
        reencode_image(_upload(truncated))
    assert ImageFile.LOAD_TRUNCATED_IMAGES is truncated_images_allowed


def test_a_decompression_bomb_is_refused_before_decoding():
    # A few hundred bytes claiming 50,000 x 50,000 pixels (2.5 gigapixels).
    bomb = png_header_claiming(50_000, 50_000)
    assert len(bomb) < 200
    with pytest.raises(ValidationError, match="megapixels"):
        reencode_image(_upload(bomb, "bomb.png", "image/png"))


def test_a_picture_over_the_pixel_limit_is_refused():
    # 48 megapixels: under Pillow's own limit, over the portal's 40.
    with pytest.raises(ValidationError, match="8000 x 6000 pixels.*40 megapixels"):
        reencode_image(_upload(png_header_claiming(8000, 6000), "big.png", "image/png"))


def test_a_file_over_the_byte_limit_is_refused():
    data = image_bytes("JPEG") + b"\0" * (uploads.MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError, match="the largest we accept is 10 MB"):
        reencode_image(_upload(data))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        reencode_image(_upload(b""))


@pytest.mark.skipif(not uploads.HEIF_SUPPORTED, reason="pillow-heif is not installed")
def test_an_iphone_heic_photo_is_accepted():
    out = BytesIO()
    try:
        Image.new("RGB", (32, 16), (0, 200, 0)).save(out, format="HEIF")
    except (KeyError, OSError, ValueError) as exc:  # libheif built without an encoder
        pytest.skip(f"cannot write HEIC here: {exc}")
    image = _open(reencode_image(_upload(out.getvalue(), "IMG_0001.HEIC", "image/heic")))
    assert image.format == "JPEG" and image.size == (32, 16)
