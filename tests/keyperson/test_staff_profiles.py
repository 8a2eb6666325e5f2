"""Staff edit their own photo and "about me"; families of the setting see them."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from keyperson.models import StaffProfile
from preschool.models import AuditEvent
from tests.keyperson.factories import image_bytes
from tests.keyperson.test_uploads import _jpeg_with_exif, png_header_claiming

URL = "/key-person/profile/"


def _stored_files(media_root) -> list:
    return [p for p in media_root.rglob("*") if p.is_file()]


def _post(client, data: bytes, name="me.jpg", about="I love the mud kitchen."):
    return client.post(URL, {"about": about,
                             "photo_upload": SimpleUploadedFile(name, data, "image/jpeg")})


def test_it_lets_a_practitioner_upload_a_photo_stored_without_metadata(world, media_root):
    response = _post(world.client_for("key_person"), _jpeg_with_exif(size=(1600, 1200)))
    assert response.status_code == 302
    profile = StaffProfile.objects.get(membership=world.memberships["key_person"])
    assert profile.about == "I love the mud kitchen."
    assert profile.setting == world.setting_a
    [stored] = _stored_files(media_root)
    data = stored.read_bytes()
    assert b"SecretCam" not in data
    image = Image.open(BytesIO(data))
    assert image.format == "JPEG" and max(image.size) == 800 and not image.getexif()
    assert "me.jpg" not in profile.photo.name
    event = AuditEvent.objects.get(action="staff_profile.changed")
    assert event.changes["photo"] == "added"


def test_a_new_photo_replaces_the_old_file(world, media_root, sent):
    client = world.client_for("key_person")
    _post(client, image_bytes())
    first = StaffProfile.objects.get().photo.name
    with sent():
        _post(client, image_bytes(color=(0, 0, 255)))
    profile = StaffProfile.objects.get()
    assert profile.photo.name != first
    assert len(_stored_files(media_root)) == 1


def test_a_photo_can_be_removed(world, media_root, sent):
    client = world.client_for("key_person")
    _post(client, image_bytes())
    with sent():
        client.post(URL, {"about": "", "remove_photo": "on"})
    assert not StaffProfile.objects.get().photo
    assert _stored_files(media_root) == []


@pytest.mark.parametrize(("data", "message"), [
    (b"MZ\x90\x00 an executable pretending", "This file is not a JPEG"),
    (image_bytes("JPEG", size=(300, 200))[:200], "could not be read"),
    (png_header_claiming(60_000, 60_000), "megapixels"),
])
def test_a_bad_upload_is_refused_with_a_message_and_nothing_is_stored(world, media_root,
                                                                       data, message):
    response = _post(world.client_for("key_person"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert _stored_files(media_root) == []
    assert not StaffProfile.objects.exists()
    assert not AuditEvent.objects.filter(action="staff_profile.changed").exists()


def test_an_over_long_about_me_is_refused(world):
    response = world.client_for("key_person").post(URL, {"about": "x" * 601})
    assert response.status_code == 200
    assert "at most 600 characters" in response.content.decode()
    assert not StaffProfile.objects.exists()


def test_families_cannot_have_a_staff_profile(world):
    assert world.client_for("parent").get(URL).status_code == 403
    assert _post(world.client_for("parent"), image_bytes()).status_code == 403
    assert not StaffProfile.objects.exists()


# --- Serving the photo ----------------------------------------------------------------------

@pytest.fixture
def kim_profile(world):
    profile = StaffProfile.objects.create(membership=world.memberships["key_person"],
                                          setting=world.setting_a, about="Hello!")
    profile.photo.save("x.jpg", ContentFile(image_bytes()))
    return profile


def _photo_url(profile):
    return reverse("keyperson-staff-photo", args=[profile.uuid])


def test_a_family_of_the_setting_sees_the_photo(world, kim_profile):
    response = world.client_for("parent").get(_photo_url(kim_profile))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_another_setting_does_not_see_the_photo(world, kim_profile):
    assert world.client_for("other_setting").get(_photo_url(kim_profile)).status_code == 404


def test_the_photo_of_someone_who_left_is_not_found(world, kim_profile):
    world.memberships["key_person"].end()
    assert world.client_for("parent").get(_photo_url(kim_profile)).status_code == 404


def test_a_profile_without_a_photo_has_no_photo(world):
    profile = StaffProfile.objects.create(membership=world.memberships["practitioner"],
                                          setting=world.setting_a)
    assert world.client_for("manager").get(_photo_url(profile)).status_code == 404


def test_the_photo_refuses_post(world, kim_profile):
    assert world.client_for("parent").post(_photo_url(kim_profile)).status_code == 405


def test_a_forged_photo_address_is_not_found(world):
    response = world.client_for("parent").get("/key-person/staff/not-a-uuid/photo/")
    assert response.status_code == 404
