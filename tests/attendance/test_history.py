"""The daily record (each child's hours and key person), history over a date range, the CSV
export (a sensitive action), and corrections that keep the original."""

import csv
from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import timezone

from attendance import services
from attendance.models import AttendanceRecord
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.attendance.factories import RecordFactory, all_day, reauthenticate


@pytest.fixture(autouse=True)
def _kim_since_last_month(world):
    """Kim has been Ava's key person for a month (the daily record names her on past days)."""
    from keyperson.models import Assignment

    Assignment.objects.filter(child=world.child).update(
        started_on=timezone.localdate() - timedelta(days=30))


def _closed(world, child, days_ago=0, hours=3, **extra):
    day = timezone.localdate() - timedelta(days=days_ago)
    start = timezone.make_aware(datetime.combine(day, datetime.min.time())
                                ) + timedelta(hours=9)
    return RecordFactory(child=child, session=all_day(world, f"S{days_ago}{child.pk}"),
                         date=day, signed_in_at=start,
                         signed_out_at=start + timedelta(hours=hours), collected_by="Pat",
                         **extra)


def test_the_daily_record_shows_hours_and_key_person(world):
    _closed(world, world.child, days_ago=1, hours=3)
    day = (timezone.localdate() - timedelta(days=1)).isoformat()
    html = world.client_for("practitioner").get(
        f"{reverse('attendance-day')}?date={day}").content.decode()
    assert "Ava Parentchild" in html and "3h 00m" in html and "Kim Keyperson" in html


def test_history_totals_per_child_over_a_range(world):
    for days_ago in (1, 2, 3):
        _closed(world, world.child, days_ago=days_ago, hours=2)
    _closed(world, world.other_child, days_ago=40, hours=2)
    html = world.client_for("practitioner").get(reverse("attendance-history")).content.decode()
    assert "6h 00m" in html and "Otto" not in html.split("Day by day")[0]


def test_a_parent_sees_their_childs_attendance(world):
    _closed(world, world.child, days_ago=1, hours=4)
    html = world.client_for("parent").get(
        reverse("attendance-child", args=[world.child.uuid])).content.decode()
    assert "4h 00m" in html


class TestExport:
    def test_it_needs_a_recent_password_then_gives_a_csv(self, world):
        _closed(world, world.child, days_ago=1, hours=3,
                dropped_off_by="=HYPERLINK(\"http://evil.example\")")
        client = world.client_for("manager")
        url = reverse("attendance-export")
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        reauthenticate(client)
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(StringIO(response.content.decode())))
        assert rows[0][:3] == ["Date", "Child", "Date of birth"]
        assert rows[1][1] == "Ava Parentchild" and rows[1][5] == "Kim Keyperson"
        assert rows[1][7].startswith("'=HYPERLINK")  # never a formula in a spreadsheet
        assert rows[1][-1] == "3h 00m"
        assert AuditEvent.objects.filter(action="attendance.exported").exists()

    def test_a_backwards_range_is_refused(self, world):
        client = world.client_for("manager")
        reauthenticate(client)
        today = timezone.localdate()
        response = client.get(reverse("attendance-export"), {
            "date_from": today.isoformat(),
            "date_to": (today - timedelta(days=3)).isoformat()})
        assert response.status_code == 302
        assert not AuditEvent.objects.filter(action="attendance.exported").exists()

    def test_practitioners_may_not_export(self, world):
        assert world.client_for("practitioner").get(
            reverse("attendance-export")).status_code == 403


class TestCorrections:
    def test_a_correction_is_a_new_row_and_the_original_is_kept(self, world):
        record = _closed(world, world.child, days_ago=1, hours=3)
        response = world.client_for("manager").post(
            reverse("attendance-record-correct", args=[record.uuid]),
            {"signed_in": "09:30", "signed_out": "12:00", "dropped_off_by": "Pat Parent",
             "collected_by": "Pat", "reason": "Signed in late on the tablet"})
        assert response.status_code == 302
        new = AttendanceRecord.objects.get(corrects=record)
        assert new.hours == timedelta(hours=2, minutes=30)
        assert AttendanceRecord.objects.current().filter(child=world.child).get() == new
        record.refresh_from_db()
        assert record.hours == timedelta(hours=3)  # untouched
        assert AuditEvent.objects.filter(action="attendance.corrected").exists()

    def test_a_correction_needs_a_reason_and_sensible_times(self, world):
        record = _closed(world, world.child, days_ago=1)
        client = world.client_for("manager")
        url = reverse("attendance-record-correct", args=[record.uuid])
        response = client.post(url, {"signed_in": "09:30"})
        assert "Say why" in response.content.decode()
        response = client.post(url, {"signed_in": "13:00", "signed_out": "12:00",
                                     "reason": "Typo"})
        assert "must be after the time in" in response.content.decode()
        assert not AttendanceRecord.objects.filter(corrects=record).exists()

    def test_only_the_latest_version_can_be_corrected(self, world):
        record = _closed(world, world.child, days_ago=1)
        services.correct_record(world.users["manager"], record, reason="First")
        with pytest.raises(ServiceError, match="already been corrected"):
            services.correct_record(world.users["manager"], record, reason="Second")

    def test_a_correction_cannot_sign_a_child_out(self, world):
        record = RecordFactory(child=world.child, session=all_day(world))
        with pytest.raises(ServiceError, match="cannot sign a child out"):
            services.correct_record(world.users["manager"], record, reason="x",
                                    signed_out=timezone.localtime().time())
