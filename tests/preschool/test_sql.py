"""preschool.lib.sql turns rows of plain SQL into model instances as the ORM would."""

import uuid

from families.models import Child, Room
from preschool.lib import sql


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
