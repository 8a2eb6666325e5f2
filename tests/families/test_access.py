"""families.access.access_child: one query for the child and their room (for a family, with the
family's links, then known for the rest of the request), and the answers the rules give."""

import uuid
from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from families.access import (
    access_child,
    family_child_ids,
    has_parental_responsibility,
    is_carer_of_child,
    is_informed_family,
    is_manager_of_child,
    is_staff_of_child,
    link_of,
)
from families.models import Child
from tests.factories import ChildAdultFactory, ChildFactory


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


def test_with_a_perm_it_is_403_for_one_who_sees_the_child_without_it(world):
    child = access_child(_request(world, "parent"), world.child.uuid, "families.change_child")
    assert child.pk == world.child.pk
    with pytest.raises(PermissionDenied):
        access_child(_request(world, "parent"), world.child.uuid, "families.change_enrolment")
    with pytest.raises(Http404):  # not seeing the child comes first
        access_child(_request(world, "other_parent"), world.child.uuid,
                     "families.change_child")


def test_a_child_who_has_left_is_read_only_unless_allowed(world):
    Child.objects.filter(pk=world.child.pk).update(leaving_date=date.today() - timedelta(days=1))
    request = _request(world, "manager")
    assert access_child(request, world.child.uuid).has_left
    with pytest.raises(PermissionDenied):
        access_child(request, world.child.uuid, "families.change_child")
    assert access_child(request, world.child.uuid, "attendance.keep_register",
                        allow_left=True).pk == world.child.pk


def test_a_link_made_during_the_request_is_seen(world):
    parent = world.users["parent"]
    access_child(_request(world, "parent"), world.child.uuid)  # the family's links are known
    sibling = ChildFactory(setting=world.setting_a, room=world.room)
    ChildAdultFactory(child=sibling, user=parent, may_receive_information=True)
    assert is_informed_family(parent, sibling)
    assert not is_informed_family(world.users["other_parent"], sibling)


def test_the_predicates_ask_the_link(world):
    parent, carer = world.users["parent"], world.users["carer_no_info"]
    assert has_parental_responsibility(parent, world.child)
    assert is_carer_of_child(parent, world.child)
    assert not is_informed_family(carer, world.child)  # linked, without the right to information
    assert link_of(carer, world.child) is None
    assert is_staff_of_child(world.users["practitioner"], world.child)
    assert not is_manager_of_child(world.users["practitioner"], world.child)
    assert not is_staff_of_child(world.users["other_setting"], world.child)


def test_an_adult_with_a_restriction_recorded_sees_nothing_even_with_the_right_to_information(
        world):
    from django.urls import reverse

    from preschool.models import Role
    from tests.factories import MembershipFactory, UserFactory

    ray = UserFactory(full_name="Ray Restricted")
    MembershipFactory(user=ray, setting=world.setting_a, role=Role.PARENT)
    ChildAdultFactory(child=world.child, user=ray, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    client = world.client_for("parent")
    client.force_login(ray)
    for name in ("child-detail", "journal-child"):
        assert client.get(reverse(name, args=[world.child.uuid])).status_code == 404
    assert family_child_ids(ray, world.setting_a) == set()
