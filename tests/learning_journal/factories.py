"""Helpers for the learning journal's tests (people and children: tests/factories.py)."""

import struct
from datetime import timedelta
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from consents.models import ConsentAnswer, ConsentForm, ConsentKind
from learning_journal import services
from learning_journal.checks import add_months
from learning_journal.media import process_upload
from learning_journal.models import Area


def image_bytes(fmt="JPEG", size=(64, 48), color=(200, 80, 40), **save_kwargs) -> bytes:
    out = BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(out, format=fmt, **save_kwargs)
    return out.getvalue()


def box(kind: bytes, payload: bytes = b"") -> bytes:
    return struct.pack(">I", 8 + len(payload)) + kind + payload


def mp4_bytes(brand: bytes = b"isom", mdat: bytes = b"\x00" * 64) -> bytes:
    """A structurally valid MP4: ftyp, moov (with an mvhd), mdat."""
    ftyp = box(b"ftyp", brand + b"\x00\x00\x02\x00" + brand + b"mp41")
    mvhd = box(b"mvhd", b"\x00" * 100)
    return ftyp + box(b"moov", mvhd) + box(b"mdat", mdat)


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def photo(name="photo.jpg", **kwargs):
    return upload(image_bytes(**kwargs), name)


def processed_photo(**kwargs):
    return process_upload(photo(**kwargs))


def consent(world, child, kind, given=True):
    """A written answer for ``child`` to the setting's current form of ``kind``."""
    form = ConsentForm.objects.filter(setting=child.setting, kind=kind, is_current=True).first()
    if form is None:
        form = ConsentForm.objects.create(setting=child.setting, kind=kind, title=str(kind),
                                          wording=f"Wording for {kind}")
    return ConsentAnswer.objects.create(form=form, child=child, given=given,
                                        answered_by=world.users["manager"])


def photo_consents(world, child, *, journal=True, others=True):
    consent(world, child, ConsentKind.PHOTOS_JOURNAL, journal)
    consent(world, child, ConsentKind.PHOTOS_OTHER_FAMILIES, others)


def _physical_development():
    """The PD area: after a transactional test emptied the tables, made again."""
    area = Area.objects.filter(code="PD").first()
    if area is None:
        from learning_journal.eyfs import ensure_framework

        ensure_framework()
        area = Area.objects.get(code="PD")
    return area


def group_observation(world, *, children=None, photos=1, publish=True, text="Built a tower.",
                      author="key_person", **kwargs):
    """Kim's observation of Ava and Otto (by default) with ``photos`` photos."""
    children = children if children is not None else [world.child, world.other_child]
    return services.create_observation(
        world.users[author], world.setting_a, observed_on=timezone.localdate(), text=text,
        children=children, areas=[_physical_development()],
        media=[processed_photo() for _ in range(photos)], publish=publish, **kwargs)


def make_two(child, months: int = 26):
    """Make ``child`` ``months`` months old today."""
    child.date_of_birth = add_months(timezone.localdate(), -months) - timedelta(days=1)
    child.save(update_fields=["date_of_birth"])
    return child


def complete_check_data():
    areas = {code: {"strengths": f"{code} strengths: builds towers", "progress": "expected",
                    "support": ""} for code in ("PSED", "CL", "PD")}
    data = {"parents_views": "Loves the park.", "child_voice": "Says 'more bubbles'.",
            "significant_concerns": False, "targeted_plan": "", "senco": None}
    return data, areas


def signed_off_check(world, sent=None):
    """Ava's check, written by Kim and signed off by Mona (now with the family)."""
    make_two(world.child)
    check = services.start_check(world.users["key_person"], world.child)
    data, areas = complete_check_data()
    services.save_check(world.users["key_person"], check, data, areas)
    services.submit_check(world.users["key_person"], check)
    return services.sign_off_check(world.users["manager"], check)
