"""A family sees their child's key person: photo, name, what the role is, how to get in touch."""

from django.core.files.base import ContentFile
from django.urls import reverse

from keyperson.models import Assignment, StaffProfile
from tests.keyperson.factories import AssignmentFactory, image_bytes


def _url(world, child=None):
    return reverse("keyperson-child", args=[(child or world.child).uuid])


def test_a_parent_sees_the_key_person_the_backup_and_how_to_get_in_touch(world):
    world.setting_a.email = "office@acorn.example"
    world.setting_a.save()
    kim = world.users["key_person"]
    kim.phone = "07700 900123"
    kim.save()
    profile = StaffProfile.objects.create(membership=world.memberships["key_person"],
                                          setting=world.setting_a, about="I run Forest Fridays.")
    profile.photo.save("p.jpg", ContentFile(image_bytes()))
    AssignmentFactory(child=world.child, staff=world.memberships["practitioner"],
                      kind=Assignment.Kind.BACKUP, assigned_by=world.users["manager"])
    page = world.client_for("parent").get(_url(world)).content.decode()
    assert "Kim Keyperson" in page and "I run Forest Fridays." in page
    assert reverse("keyperson-staff-photo", args=[profile.uuid]) in page
    assert 'alt="Photo of Kim Keyperson"' in page
    assert "Back-up key person" in page and "Perry Practitioner" in page
    assert "What a key person does" in page
    assert "01632 960000" in page and "office@acorn.example" in page
    # Staff personal details are never shown; nor the history of assignments.
    assert "07700 900123" not in page and kim.email not in page
    assert "History" not in page
    assert reverse("keyperson-meeting-request", args=[world.child.uuid]) in page


def test_a_child_without_a_key_person_says_so(world):
    page = world.client_for("other_parent").get(_url(world, world.other_child)).content.decode()
    assert "does not have a key person yet" in page
    assert reverse("keyperson-meeting-request", args=[world.other_child.uuid]) not in page


def test_staff_see_the_history_and_managers_a_link_to_change(world):
    page = world.client_for("manager").get(_url(world)).content.decode()
    assert "History" in page and "Mona Manager" in page
    assert reverse("keyperson-assign", args=[world.child.uuid]) in page
    page = world.client_for("practitioner").get(_url(world)).content.decode()
    assert "History" in page
    assert reverse("keyperson-assign", args=[world.child.uuid]) not in page


def test_another_family_and_a_carer_without_the_right_to_information_get_404(world):
    assert world.client_for("other_parent").get(_url(world)).status_code == 404
    assert world.client_for("carer_no_info").get(_url(world)).status_code == 404


def test_another_setting_gets_404(world):
    assert world.client_for("other_setting").get(_url(world)).status_code == 404


def test_the_page_refuses_post(world):
    assert world.client_for("parent").post(_url(world)).status_code == 405


def test_a_key_person_who_left_is_not_shown(world):
    world.memberships["key_person"].end()
    page = world.client_for("parent").get(_url(world)).content.decode()
    assert "Kim Keyperson" not in page
    assert "does not have a key person yet" in page


def test_the_childs_record_names_the_key_person_before_the_backup(world):
    AssignmentFactory(child=world.child, staff=world.memberships["practitioner"],
                      kind=Assignment.Kind.BACKUP, assigned_by=world.users["manager"])
    page = world.client_for("parent").get(world.child.get_absolute_url()).content.decode()
    assert page.index("Key person:</strong> Kim Keyperson") < page.index(
        "Back-up key person:</strong> Perry Practitioner")
