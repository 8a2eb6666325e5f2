"""families.access.access_child: one query for the child and their room (for a family, with the
family's links, then known for the rest of the request), and the answers the rules give."""

import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory

from families.access import access_child, family_child_ids, link_of


def _request(world, persona, setting=None):
    request = RequestFactory().get("/")
    request.user = world.users[persona]
    request.setting = setting or world.setting_a
    return request


def test_access_child_loads_the_room_and_the_familys_children_in_one_query(
        world, django_assert_num_queries):
    request = _request(world, "parent")
    request.user._active_memberships = None  # nothing known of the person yet
    request.user.__dict__.pop("_family_links", None)
    with django_assert_num_queries(2):  # the memberships, then the family's links and children
        child = access_child(request, world.child.uuid)
        assert child.room.name == "Caterpillars"
        assert family_child_ids(request.user, world.setting_a) == {world.child.pk}
        assert link_of(request.user, child).child_id == world.child.pk
    assert child.setting == world.setting_a


@pytest.mark.parametrize("persona, sees_ava, sees_otto", [
    ("manager", True, True), ("key_person", True, True), ("parent", True, False),
    ("carer_no_info", False, False), ("other_parent", False, True),
    ("other_setting", False, False),
])
def test_access_child_answers_as_the_rules_say(world, persona, sees_ava, sees_otto):
    for child, sees in ((world.child, sees_ava), (world.other_child, sees_otto)):
        request = _request(world, persona)
        if sees:
            assert access_child(request, child.uuid).pk == child.pk
        else:
            with pytest.raises(Http404):
                access_child(request, child.uuid)


def test_access_child_is_404_for_another_settings_child_and_junk(world):
    with pytest.raises(Http404):
        access_child(_request(world, "manager"), world.child_b.uuid)
    with pytest.raises(Http404):
        access_child(_request(world, "manager"), "not-a-uuid")
    with pytest.raises(Http404):
        access_child(_request(world, "manager"), uuid.uuid4())
