"""Factories and helpers for the register (people and children: tests/factories.py)."""

from datetime import time

import factory
from django.utils import timezone

from attendance.models import AttendanceRecord, Session, StaffShift
from tests.factories import PASSWORD, ChildFactory, UserFactory

# A session that runs all day, so a child signed in for it is never late, whatever the time the
# tests run at.
ALL_DAY = (time(0, 0), time(23, 59, 59))
# A session that ended a second after midnight: a child still signed in for it is late.
ENDED = (time(0, 0), time(0, 0, 1))


class SessionFactory(factory.django.DjangoModelFactory[Session]):
    class Meta:
        model = Session

    setting = factory.SubFactory("tests.factories.SettingFactory")
    name = factory.Sequence(lambda n: f"Session {n}")
    starts_at = ALL_DAY[0]
    ends_at = ALL_DAY[1]


class RecordFactory(factory.django.DjangoModelFactory[AttendanceRecord]):
    """A child signed in today (still here)."""

    class Meta:
        model = AttendanceRecord

    child = factory.SubFactory(ChildFactory)
    setting = factory.SelfAttribute("child.setting")
    room = factory.SelfAttribute("child.room")
    session = factory.SubFactory(SessionFactory, setting=factory.SelfAttribute("..setting"))
    date = factory.LazyFunction(timezone.localdate)
    signed_in_at = factory.LazyFunction(timezone.now)
    signed_in_by = factory.SubFactory(UserFactory)
    created_by = factory.SelfAttribute("signed_in_by")
    dropped_off_by = "Pat Parent"


class ShiftFactory(factory.django.DjangoModelFactory[StaffShift]):
    class Meta:
        model = StaffShift

    membership = factory.SubFactory("tests.factories.MembershipFactory", role="practitioner")
    setting = factory.SelfAttribute("membership.setting")
    room = factory.SubFactory("tests.factories.RoomFactory",
                              setting=factory.SelfAttribute("..setting"))
    date = factory.LazyFunction(timezone.localdate)
    signed_in_at = factory.LazyFunction(timezone.now)
    signed_in_by = factory.SelfAttribute("membership.user")


def all_day(world, name="All day") -> Session:
    return SessionFactory.create(setting=world.setting_a, name=name, starts_at=ALL_DAY[0],
                                 ends_at=ALL_DAY[1])


def ended(world, name="Early") -> Session:
    return SessionFactory.create(setting=world.setting_a, name=name, starts_at=ENDED[0],
                                 ends_at=ENDED[1])


def reauthenticate(client) -> None:
    """Confirm the password again, as allauth asks before sensitive actions."""
    from django.urls import reverse

    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
