"""A member of staff's working hours and out-of-office note: when they are at work, and when a
family writing now can expect them back."""

from datetime import date, datetime, time

import pytest
from django.utils import timezone

from preschool.models import Membership


def _at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


@pytest.fixture
def staff() -> Membership:
    # Monday to Friday, 08:00 to 18:00 (the defaults); 2026-12-07 is a Monday.
    return Membership(role="practitioner")


def test_at_work_on_a_weekday_between_the_hours(staff):
    assert staff.is_working_at(_at(2026, 12, 7, 8, 0))
    assert not staff.is_working_at(_at(2026, 12, 7, 18, 0))
    assert not staff.is_working_at(_at(2026, 12, 12, 10, 0))  # a Saturday


def test_back_the_next_working_morning(staff):
    assert staff.next_working_start(_at(2026, 12, 7, 19, 30)) == _at(2026, 12, 8, 8, 0)
    assert staff.next_working_start(_at(2026, 12, 11, 19, 30)) == _at(2026, 12, 14, 8, 0)
    assert staff.next_working_start(_at(2026, 12, 7, 6, 0)) == _at(2026, 12, 7, 8, 0)
    now = _at(2026, 12, 7, 10, 0)
    assert staff.next_working_start(now) == now


def test_an_out_of_office_note_runs_to_its_last_day(staff):
    staff.out_of_office = "On a course until Wednesday."
    staff.out_of_office_until = date(2026, 12, 9)
    assert not staff.is_working_at(_at(2026, 12, 8, 10, 0))
    assert staff.next_working_start(_at(2026, 12, 8, 10, 0)) == _at(2026, 12, 10, 8, 0)


def test_part_time_hours(staff):
    staff.working_days, staff.works_from, staff.works_until = "24", time(9, 0), time(13, 0)
    assert staff.next_working_start(_at(2026, 12, 7, 10, 0)) == _at(2026, 12, 9, 9, 0)
    staff.working_days = ""
    assert staff.next_working_start(_at(2026, 12, 7, 10, 0)) is None
