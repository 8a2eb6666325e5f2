"""A child who left, with a record of every kind, for the retention tests."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from families.models import Allergy, Child
from learning_journal.checks import add_months
from retention.schedule import BY_KEY, Period

TODAY = date(2031, 6, 15)  # the retention run's day in these tests (its "frozen clock")


def years_before(day: date, years: int) -> date:
    return add_months(day, -12 * years)


def period(key: str) -> Period:
    return BY_KEY[key].default


def leave(child: Child, *, years_ago: int, born_years_ago: int = 5, today: date = TODAY) -> Child:
    """``child`` left ``years_ago`` years (and a day) before ``today``."""
    child.leaving_date = years_before(today, years_ago) - timedelta(days=1)
    child.date_of_birth = years_before(today, born_years_ago) - timedelta(days=1)
    child.save(update_fields=["leaving_date", "date_of_birth"])
    return child


@dataclass
class Records:
    permission: object
    dose: object
    accident: object
    observation: object
    message: object


@pytest.fixture
def records(world, media_root) -> Records:
    """Ava's records: medication, an accident, a journal observation with Otto (a photo), a
    message, a register row, a concern, a diary entry, an allergy."""
    from attendance.models import AttendanceRecord
    from learning_journal.models import DiaryEntry
    from tests.attendance.factories import RecordFactory, all_day
    from tests.consents.factories import accident, calpol, dose
    from tests.learning_journal.factories import group_observation
    from tests.messaging.factories import message

    permission = calpol(world)
    given = dose(world, permission)
    hurt = accident(world)
    observation = group_observation(world)
    sent = message(world)
    RecordFactory.create(child=world.child, session=all_day(world),
                         signed_in_at=timezone.now() - timedelta(hours=2),
                         signed_in_by=world.users["key_person"])
    assert AttendanceRecord.objects.filter(child=world.child).exists()
    DiaryEntry.objects.create(setting=world.setting_a, child=world.child, day=timezone.localdate(),
                              author=world.users["parent"], notes="Slept badly.")
    Allergy.objects.create(child=world.child, allergen="Strawberries",
                           severity=Allergy.Severity.MILD, action="Wipe the skin.")
    return Records(permission, given, hurt, observation, sent)
