"""How long a 12-megapixel photo takes to process for the journal: re-encoded (EXIF and GPS
removed, orientation applied, made at most 2048 pixels a side) and thumbnailed, as
learning_journal.media.process_upload does for every upload.

    DEBUG=true .venv/bin/python bench/journal_photo.py
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from io import BytesIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")

import django  # noqa: E402

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from PIL import Image  # noqa: E402

from learning_journal.media import process_upload  # noqa: E402

SIZE = (4000, 3000)  # 12 megapixels, the size of most phone cameras' photos


CACHE = Path(tempfile.gettempdir()) / "journal-bench-photos"


def photo(fmt: str) -> bytes:
    """A photo-like picture: a colour gradient with fine grain (compresses like a photo, not
    like a flat colour), with EXIF orientation and GPS like a phone's. Made once (encoding a
    12-megapixel HEIC takes a minute) and kept in the temporary folder."""
    cached = CACHE / f"photo-12mp.{fmt.lower()}"
    if cached.exists():
        return cached.read_bytes()
    gradient = Image.linear_gradient("L").resize(SIZE)
    grain = Image.effect_noise(SIZE, 8 if fmt == "JPEG" else 4)
    image = Image.merge("RGB", (gradient, grain, gradient.rotate(90).resize(SIZE)))
    exif = Image.Exif()
    exif[0x0112] = 6  # held sideways
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = BytesIO()
    if fmt == "HEIF":
        import pillow_heif

        pillow_heif.register_heif_opener()
        image.save(out, format="HEIF", quality=50, exif=exif.tobytes())
    else:
        image.save(out, format=fmt, quality=92, exif=exif)
    CACHE.mkdir(exist_ok=True)
    cached.write_bytes(out.getvalue())
    return out.getvalue()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(f"{'photo':<28}{'size MB':>9}{'median s':>10}{'max s':>8}{'result':>16}")
    for fmt, label in (("JPEG", "12 MP JPEG (phone)"), ("HEIF", "12 MP HEIC (iPhone)")):
        data = photo(fmt)
        process_upload(SimpleUploadedFile("warm.jpg", data))  # warm up
        runs = []
        for _ in range(args.runs):
            upload = SimpleUploadedFile("IMG_0001.jpg", data)
            start = time.perf_counter()
            result = process_upload(upload)
            runs.append(time.perf_counter() - start)
        print(f"{label:<28}{len(data) / 2**20:>9.1f}{statistics.median(runs):>10.3f}"
              f"{max(runs):>8.3f}{f'{result.width}x{result.height}':>16}")
    print(f"({args.runs} runs each; every run re-encodes and makes a thumbnail)")


if __name__ == "__main__":
    main()
