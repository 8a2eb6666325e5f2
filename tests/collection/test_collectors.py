"""Authorised collectors: families (and staff) name who may collect, with a photo staff see at
the door; photos are re-encoded and served only to those who may see the child."""

from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from collection.models import AuthorisedCollector
from families.models import ChildAdult
from preschool.models import AuditEvent


def _jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (900, 600), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0131] = "SecretCam 1.0"
    exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    out = BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def _add(client, world, **data):
    form = {"name": "Gina Gran", "relationship": "Grandmother", "phone": "07700 900321",
            **data}
    return client.post(reverse("collection-collector-new", args=[world.child.uuid]), form)


class TestNamingCollectors:
    def test_a_parent_names_a_collector_with_a_photo(self, world):
        photo = SimpleUploadedFile("gina.jpg", _jpeg_with_gps(), content_type="image/jpeg")
        response = _add(world.client_for("parent"), world, photo_upload=photo)
        assert response.status_code == 302
        gina = AuthorisedCollector.objects.get()
        assert gina.added_by == world.users["parent"] and gina.child == world.child
        stored = gina.photo.read()
        assert b"SecretCam" not in stored and "gina" not in gina.photo.name
        assert max(Image.open(BytesIO(stored)).size) == 600
        assert AuditEvent.objects.filter(action="collector.added").exists()

    def test_a_collector_without_a_name_is_refused(self, world):
        response = _add(world.client_for("parent"), world, name="  ")
        assert "Give the collector" in response.content.decode()
        assert not AuthorisedCollector.objects.exists()

    def test_a_file_that_is_not_a_photo_is_refused(self, world):
        bad = SimpleUploadedFile("gina.jpg", b"not a picture", content_type="image/jpeg")
        response = _add(world.client_for("parent"), world, photo_upload=bad)
        assert "is not a JPEG" in response.content.decode()
        assert not AuthorisedCollector.objects.exists()

    def test_the_same_person_is_not_named_twice(self, world):
        client = world.client_for("parent")
        _add(client, world)
        response = _add(client, world, name="gina gran")
        assert "already named" in response.content.decode()
        assert AuthorisedCollector.objects.count() == 1

    def test_someone_on_the_record_can_be_named_with_their_details(self, world):
        casey = world.child.adults.get(user=world.users["carer_no_info"])
        response = _add(world.client_for("parent"), world, name="", relationship="",
                        phone="", child_adult=casey.uuid)
        assert response.status_code == 302
        named = AuthorisedCollector.objects.get()
        assert named.child_adult == casey and named.name == "Casey Carer"
        assert named.relationship == "Childminder"

    def test_a_restricted_adult_cannot_be_chosen(self, world):
        rex = world.child.adults.get(name="Rex Restricted")
        response = _add(world.client_for("parent"), world, child_adult=rex.uuid)
        assert "Choose one of the adults" in response.content.decode()
        assert not AuthorisedCollector.objects.exists()

    def test_a_carer_without_parental_responsibility_may_not_name_collectors(self, world):
        ChildAdult.objects.filter(user=world.users["carer_no_info"]).update(
            may_receive_information=True)
        response = _add(world.client_for("carer_no_info"), world)
        assert response.status_code == 403
        assert not AuthorisedCollector.objects.exists()

    def test_removing_a_collector_keeps_the_row(self, world):
        _add(world.client_for("parent"), world)
        gina = AuthorisedCollector.objects.get()
        response = world.client_for("parent").post(
            reverse("collection-collector-remove", args=[world.child.uuid, gina.uuid]))
        assert response.status_code == 302
        gina.refresh_from_db()
        assert gina.removed_at is not None and gina.removed_by == world.users["parent"]
        page = world.client_for("parent").get(
            reverse("collection-child", args=[world.child.uuid])).content.decode()
        assert "Gina Gran" not in page


class TestTheCollectionPage:
    def test_families_never_see_restrictions_staff_do(self, world):
        url = reverse("collection-child", args=[world.child.uuid])
        family = world.client_for("parent").get(url).content.decode()
        assert "Rex Restricted" not in family and "Court order" not in family
        staff = world.client_for("practitioner").get(url).content.decode()
        assert "Must not collect: Rex Restricted" in staff

    def test_adults_on_the_record_who_may_collect_are_listed(self, world):
        ChildAdult.objects.filter(user=world.users["parent"]).update(may_collect=True)
        page = world.client_for("parent").get(
            reverse("collection-child", args=[world.child.uuid])).content.decode()
        assert "Pat Parent" in page and "On Ava's record" in page


class TestPhotos:
    def test_the_photo_is_served_to_those_who_see_the_child_only(self, world):
        photo = SimpleUploadedFile("gina.png", _png(), content_type="image/png")
        _add(world.client_for("parent"), world, photo_upload=photo)
        gina = AuthorisedCollector.objects.get()
        url = reverse("collection-collector-photo", args=[gina.uuid])
        for persona in ("parent", "practitioner"):
            response = world.client_for(persona).get(url)
            assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
            assert "private" in response["Cache-Control"]
        for persona in ("other_parent", "carer_no_info", "other_setting"):
            assert world.client_for(persona).get(url).status_code == 404

    def test_the_photo_is_shown_at_the_door(self, world):
        from tests.attendance.factories import RecordFactory, all_day

        photo = SimpleUploadedFile("gina.png", _png(), content_type="image/png")
        _add(world.client_for("parent"), world, photo_upload=photo)
        gina = AuthorisedCollector.objects.get()
        record = RecordFactory(child=world.child, session=all_day(world))
        html = world.client_for("practitioner").get(
            reverse("collection-sign-out", args=[record.uuid])).content.decode()
        assert reverse("collection-collector-photo", args=[gina.uuid]) in html


def _png() -> bytes:
    out = BytesIO()
    Image.new("RGBA", (30, 30), (0, 0, 0, 0)).save(out, format="PNG")
    return out.getvalue()
