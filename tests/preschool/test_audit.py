"""The audit trail is append-only, written through log_action()."""

import pytest
from django.db import DatabaseError, connection, transaction

from preschool.models import AuditEvent, log_action


def test_log_action_records_who_did_what_to_which_object(world):
    membership = world.memberships["parent"]
    event = log_action(world.users["manager"], "membership.changed", membership,
                       changes={"role": ["parent", "practitioner"]})
    assert event.setting == world.setting_a
    assert event.actor_label == "Mona Manager <manager@example.org>"
    assert event.object_type == "preschool.Membership"
    assert event.object_id == str(membership.uuid)


def test_events_cannot_be_changed_or_deleted_through_the_orm(world):
    event = log_action(world.users["manager"], "test.done")
    event.action = "test.undone"
    with pytest.raises(TypeError):
        event.save()
    with pytest.raises(TypeError):
        event.delete()
    with pytest.raises(TypeError):
        AuditEvent.objects.all().update(action="x")
    with pytest.raises(TypeError):
        AuditEvent.objects.all().delete()


def test_the_database_refuses_updates_too(world):
    event = log_action(world.users["manager"], "test.done")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE preschool_auditevent SET action = 'x' WHERE id = %s",
                       [event.pk])
    event.refresh_from_db()
    assert event.action == "test.done"


def test_the_database_refuses_deletes_on_postgresql(world):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps only the update trigger (see the migration)")
    event = log_action(world.users["manager"], "test.done")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM preschool_auditevent WHERE id = %s", [event.pk])
    assert AuditEvent.objects.filter(pk=event.pk).exists()
