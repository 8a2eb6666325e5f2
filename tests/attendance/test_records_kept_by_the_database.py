"""PostgreSQL itself keeps the register (EYFS daily record): a row is never deleted, and is
completed once, at sign-out; anything else is a correction, a new row."""

from datetime import datetime, time, timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from attendance import services
from attendance.models import AttendanceRecord
from tests.attendance.factories import RecordFactory, all_day

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql",
                                reason="the trigger is PostgreSQL's (SQLite: the demo only)")


def _refused(call, match: str) -> None:
    with pytest.raises(DatabaseError, match=match), transaction.atomic():
        call()


@pytest.fixture
def record(world) -> AttendanceRecord:
    """Yesterday's row, signed in at 09:00: its times stay in the past whenever the test runs
    (today's, two hours ago, would be yesterday evening in the first hours of a day)."""
    yesterday = timezone.localdate() - timedelta(days=1)
    return RecordFactory.create(
        child=world.child, session=all_day(world), date=yesterday,
        signed_in_at=timezone.make_aware(datetime.combine(yesterday, time(9, 0))))


def test_it_refuses_to_delete_a_register_row(record):
    rows = AttendanceRecord.objects.filter(pk=record.pk)
    _refused(lambda: rows.delete(), "Register rows are kept")
    assert rows.exists()


def test_it_refuses_to_change_what_was_recorded_at_sign_in(record):
    rows = AttendanceRecord.objects.filter(pk=record.pk)
    _refused(lambda: rows.update(dropped_off_by="Someone else"), "completed once")
    _refused(lambda: rows.update(signed_in_at=timezone.now()), "completed once")
    _refused(lambda: rows.update(is_void=True), "completed once")
    assert rows.get().dropped_off_by == "Pat Parent"


def test_signing_out_completes_the_row_once(world, record):
    services.complete_sign_out(world.users["key_person"], record, collected_by="Pat Parent",
                               relationship="Mother", check="named")
    rows = AttendanceRecord.objects.filter(pk=record.pk)
    assert rows.get().collected_by == "Pat Parent"
    _refused(lambda: rows.update(collected_by="Someone else"), "completed once")
    _refused(lambda: rows.update(signed_out_at=None), "completed once")


def test_a_mistake_is_put_right_by_a_new_row(world, record):
    earlier = timezone.localtime(record.signed_in_at - timedelta(minutes=10)).time()
    new = services.correct_record(world.users["manager"], record, signed_in=earlier,
                                  reason="Arrived ten minutes earlier")
    assert new.corrects == record
    assert AttendanceRecord.objects.get(pk=record.pk).signed_in_at == record.signed_in_at
