"""Who sees a child: staff of the setting, and adults with the right to receive information."""

from django.urls import reverse


def test_a_parent_sees_their_child_but_no_staff_only_notes(world):
    page = world.client_for("parent").get(
        reverse("child-detail", args=[world.child.uuid])).content.decode()
    assert "Ava" in page
    assert "Court order" not in page
    assert "Rex Restricted" not in page  # under a restriction: staff only
    assert "Casey Carer" in page  # the family's own childminder


def test_staff_see_restrictions_as_an_alert(world):
    page = world.client_for("practitioner").get(
        reverse("child-detail", args=[world.child.uuid])).content.decode()
    assert "Restriction: Rex Restricted" in page
    assert "Court order: no contact." in page
    listing = world.client_for("practitioner").get(reverse("child-list")).content.decode()
    assert "Restricted contact" in listing


def test_a_parent_lists_only_their_own_children(world):
    page = world.client_for("parent").get(reverse("child-list")).content.decode()
    assert "Ava" in page and "Otto" not in page


def test_a_carer_without_the_right_to_information_sees_nothing(world):
    client = world.client_for("carer_no_info")
    assert "Ava" not in client.get(reverse("child-list")).content.decode()
    assert client.get(reverse("child-detail", args=[world.child.uuid])).status_code == 404
