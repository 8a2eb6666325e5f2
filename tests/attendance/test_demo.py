"""The demo's register looks like a morning in progress whatever the time it is loaded, and
loading it again changes nothing (a new day gets its own register)."""

from datetime import datetime, time, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from attendance import demo
from attendance.models import AttendanceRecord, StaffShift
from attendance.register import EXPECTED, IN, MISSING, build_rows, family_adults_prefetch
from families.models import Child
from preschool.models import Setting, User

HERE = ["Alfie", "Amelia", "Freya", "Isla", "Leon", "Oscar", "Ruby"]  # Noah is not here yet


@pytest.fixture
def acorn(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    return Setting.objects.get(slug="acorn-tree")


def _at(n: int, hour: int, minute: int = 0) -> datetime:
    """On the ``n``-th weekday after today (the demo's children come Monday to Friday)."""
    day = timezone.localdate()
    while n:
        day += timedelta(days=1)
        n -= day.weekday() < 5
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _load(acorn, now):
    demo.load_today(acorn, User.objects.get(email="helen.carter@acorns.example"), now)
    return AttendanceRecord.objects.filter(setting=acorn, date=timezone.localdate(now))


def _states(acorn, now) -> dict:
    children = list(Child.objects.for_setting(acorn).prefetch_related(
        family_adults_prefetch()))
    return {r.child.first_name: (r.state, r.late)
            for r in build_rows(acorn, children, now=now)}


def test_loaded_at_seven_in_the_morning_the_children_are_already_in(acorn):
    seven = _at(1, 7)
    records = _load(acorn, seven)
    assert sorted(records.values_list("child__first_name", flat=True)) == HERE
    assert {timezone.localtime(r.signed_in_at).time() for r in records} == {time(6, 40)}
    assert StaffShift.objects.filter(setting=acorn, date=seven.date()).count() == 3
    states = _states(acorn, seven)
    assert states["Noah"] == (EXPECTED, False)
    assert all(states[name] == (IN, False) for name in HERE)


def test_loaded_mid_morning_they_arrived_at_ten_to_nine_and_noah_is_missing(acorn):
    half_ten = _at(2, 10, 30)
    records = _load(acorn, half_ten)
    assert {timezone.localtime(r.signed_in_at).time() for r in records} == {demo.ARRIVAL}
    states = _states(acorn, half_ten)
    assert states["Noah"] == (MISSING, False)
    assert all(states[name] == (IN, False) for name in HERE)


def test_loaded_just_after_midnight_they_arrived_at_midnight(acorn):
    records = _load(acorn, _at(3, 0, 5))
    assert {timezone.localtime(r.signed_in_at).time() for r in records} == {time(0, 0)}


def test_loading_again_the_same_day_changes_nothing(acorn):
    morning = _at(1, 7)
    first = _load(acorn, morning).count()
    shifts = StaffShift.objects.count()
    assert _load(acorn, morning + timedelta(hours=2)).count() == first == len(HERE)
    assert StaffShift.objects.count() == shifts
    call_command("seed_demo", stdout=StringIO())  # and the whole demo again
    assert _load(acorn, morning).count() == first
