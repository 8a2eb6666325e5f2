"""preschool.lib.sql turns rows of plain SQL into model instances as the ORM would, and the child
access built on it (preschool.permissions.access_child) gives the same answers as the ORM."""

import uuid

import pytest
from django.http import Http404
from django.test import RequestFactory

from families.models import Child, Room
from keyperson.models import Assignment
from keyperson.permissions import current_assignments
from preschool.lib import sql
from preschool.permissions import access_child, family_child_ids


def _child_and_room(child_id):
    rows = sql.rows(
        f"SELECT {sql.columns(Child, 'c')}, {sql.columns(Room, 'r')} "  # noqa: S608
        f"FROM {sql.table(Child)} c LEFT JOIN {sql.table(Room)} r ON r.id = c.room_id "
        "WHERE c.id = %s", [child_id])
    return sql.instances(rows[0], Child, Room)


def test_a_row_becomes_the_instance_the_orm_gives(world):
    world.child.is_looked_after = True
    world.child.medical_needs = "Asthma: inhaler in the office"
    world.child.save()
    child, room = _child_and_room(world.child.pk)
    expected = Child.objects.get(pk=world.child.pk)
    for field in Child._meta.concrete_fields:  # UUIDs, booleans, dates and text alike
        assert getattr(child, field.attname) == getattr(expected, field.attname), field.name
    assert isinstance(child.uuid, uuid.UUID) and child.is_looked_after is True
    assert child._state.adding is False and child._state.db == "default"
    assert (room.pk, room.name, room.uuid) == (world.room.pk, "Caterpillars", world.room.uuid)


def test_a_left_join_that_found_nothing_is_none(world):
    world.child.room = None
    world.child.save()
    child, room = _child_and_room(world.child.pk)
    assert child.pk == world.child.pk and room is None


def test_an_instance_read_in_sql_saves_like_any_other(world):
    child, _ = _child_and_room(world.child.pk)
    child.preferred_name = "Avie"
    child.save()
    assert Child.objects.get(pk=world.child.pk).preferred_name == "Avie"
    assert Child.objects.count() == 3  # an update, not a new child


def _request(world, persona, setting=None):
    request = RequestFactory().get("/")
    request.user = world.users[persona]
    request.setting = setting or world.setting_a
    return request


def test_access_child_loads_the_room_and_the_familys_children_in_one_query(
        world, django_assert_num_queries):
    request = _request(world, "parent")
    request.user._active_memberships = None  # nothing known of the person yet
    request.user.__dict__.pop("_family_children", None)
    with django_assert_num_queries(2):  # the memberships, then the child with the family's ids
        child = access_child(request, world.child.uuid)
        assert child.room.name == "Caterpillars"
        assert family_child_ids(request.user, world.setting_a) == {world.child.pk}
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


def test_current_assignments_come_with_the_staff_member_and_their_user(
        world, django_assert_num_queries):
    child = Child.objects.get(pk=world.child.pk)
    with django_assert_num_queries(1):
        key = current_assignments(child)[Assignment.Kind.KEY]
        assert key.staff == world.memberships["key_person"]
        assert key.staff.user == world.users["key_person"]
        assert key.child is child
    key.ended_on = key.started_on
    key.save()
    assert current_assignments(Child.objects.get(pk=world.child.pk)) == {}
