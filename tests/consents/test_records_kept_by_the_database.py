"""PostgreSQL itself refuses to change or delete medication and accident records (not only the
application): corrections are new rows. The permission's check and end, the workflow the
portal runs, still go through."""

from datetime import date

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from consents import services
from consents.models import (
    Accident,
    AccidentAcknowledgement,
    DoseAcknowledgement,
    DoubleDoseReview,
    MedicationDose,
    MedicationPermission,
    OfstedNotification,
)
from tests.consents.factories import accident, calpol, dose

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the triggers are PostgreSQL's (SQLite: the demo only)")


def _refused(queryset_call, match: str = "") -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        queryset_call()


def _append_only_rows(world) -> list:
    given = dose(world)
    hurt = accident(world, serious=True)
    parent, manager = world.users["parent"], world.users["manager"]
    return [
        given, hurt,
        DoseAcknowledgement.objects.create(dose=given, acknowledged_by=parent),
        DoubleDoseReview.objects.create(dose=given, note="Checked: one dose.",
                                        reviewed_by=manager),
        AccidentAcknowledgement.objects.create(accident=hurt, acknowledged_by=parent),
        OfstedNotification.objects.create(original=hurt, notified_on=date.today(),
                                          recorded_by=manager),
    ]


def test_it_refuses_to_change_or_delete_doses_accidents_and_what_hangs_on_them(world):
    for row in _append_only_rows(world):
        rows = type(row).objects.filter(pk=row.pk)
        _refused(lambda rows=rows, row=row: rows.update(uuid=row.uuid), "kept as recorded")
        # Straight to the database, past the models' own refusals and protected keys.
        _refused(lambda rows=rows: rows._raw_delete(rows.db), "kept as recorded")
    assert MedicationDose.objects.filter(dose_amount=5).count() == 1
    assert Accident.objects.count() == 1


def test_a_dose_is_corrected_by_a_new_row(world):
    first = dose(world)
    second = dose(world, corrects=first, correction_reason="It was 2.5 ml", dose_amount=2.5)
    assert MedicationDose.objects.current().get() == second
    assert MedicationDose.objects.get(pk=first.pk).dose_amount == 5


def test_it_refuses_to_edit_or_delete_a_permission(world):
    permission = calpol(world)
    rows = MedicationPermission.objects.filter(pk=permission.pk)
    _refused(lambda: rows.update(dose_amount=10), "never edited")
    _refused(lambda: rows.update(declared_name="Someone else"), "never edited")
    _refused(lambda: rows.delete(), "kept")
    assert rows.get().dose_amount == 5


def test_a_permission_is_checked_once_and_ended_once(world):
    permission = calpol(world, status=MedicationPermission.Status.REQUESTED)
    services.accept_permission(world.users["key_person"], permission, label_checked=True)
    rows = MedicationPermission.objects.filter(pk=permission.pk)
    _refused(lambda: rows.update(check_note="Rewritten later"), "checked once")
    _refused(lambda: rows.update(status="requested"), "cannot go from accepted to requested")
    services.end_permission(world.users["parent"], rows.get(), reason="Better now")
    ended = rows.get()
    assert ended.status == "ended" and ended.end_reason == "Better now"
    _refused(lambda: rows.update(end_reason="Rewritten later"), "ends once")
    _refused(lambda: rows.update(status="accepted"), "cannot go from ended to accepted")


def test_a_requested_permission_can_be_declined(world):
    permission = calpol(world, status=MedicationPermission.Status.REQUESTED)
    services.decline_permission(world.users["key_person"], permission,
                                reason="The label is for another child.")
    assert MedicationPermission.objects.get(pk=permission.pk).status == "declined"
    assert MedicationPermission.objects.get(pk=permission.pk).checked_at <= timezone.now()
