"""Each setting sees only its own data; people in two settings switch between them."""

from django.urls import reverse

from preschool.models import Role
from tests.factories import MembershipFactory


def test_someone_in_two_settings_switches_between_them(world):
    MembershipFactory(user=world.users["parent"], setting=world.setting_b, role=Role.PARENT)
    client = world.client_for("parent")
    home = client.get(reverse("home")).content.decode()
    assert "Switch setting" in home
    assert "Acorn Test Pre-school" in home
    response = client.post(reverse("setting-switch"), {"setting": world.setting_b.uuid},
                           follow=True)
    page = response.content.decode()
    assert "You are now working in Riverside Test Pre-school" in page
    # In Riverside the parent has no linked child, and sees none of Acorn's.
    children = client.get(reverse("child-list")).content.decode()
    assert "Ava" not in children and "Otto" not in children
    # Ava's page is Acorn's: not found while working in Riverside.
    assert client.get(reverse("child-detail", args=[world.child.uuid])).status_code == 404


def test_switching_to_a_setting_one_does_not_belong_to_changes_nothing(world):
    client = world.client_for("parent")
    response = client.post(reverse("setting-switch"), {"setting": world.setting_b.uuid},
                           follow=True)
    assert "You do not belong to that setting" in response.content.decode()
    assert "Acorn Test Pre-school" in client.get(reverse("home")).content.decode()


def test_a_manager_sees_only_their_settings_children(world):
    page = world.client_for("other_setting").get(reverse("child-list")).content.decode()
    assert "Bella" in page
    assert "Ava" not in page and "Otto" not in page
