"""Factories for the key person app (see tests/factories.py for people and children)."""

from datetime import datetime, time, timedelta
from io import BytesIO

import factory
from django.utils import timezone
from PIL import Image

from keyperson.models import (
    Assignment,
    Booking,
    Event,
    HomeVisit,
    MeetingRequest,
    SettlingVisit,
    Slot,
    StaffProfile,
)
from tests.factories import ChildFactory, MembershipFactory, UserFactory


def in_days(days: int, hour: int = 18, minute: int = 0) -> datetime:
    """An aware local date and time ``days`` from today."""
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def image_bytes(fmt: str = "JPEG", size=(40, 30), color=(200, 80, 40), **save_kwargs) -> bytes:
    out = BytesIO()
    mode = "RGBA" if fmt == "PNG" else "RGB"
    Image.new(mode, size, color).save(out, format=fmt, **save_kwargs)
    return out.getvalue()


class AssignmentFactory(factory.django.DjangoModelFactory[Assignment]):
    class Meta:
        model = Assignment

    child = factory.SubFactory(ChildFactory)
    setting = factory.SelfAttribute("child.setting")
    staff = factory.SubFactory(MembershipFactory, setting=factory.SelfAttribute("..setting"),
                               role="practitioner")
    kind = Assignment.Kind.KEY
    assigned_by = factory.SubFactory(UserFactory)


class StaffProfileFactory(factory.django.DjangoModelFactory[StaffProfile]):
    class Meta:
        model = StaffProfile

    membership = factory.SubFactory(MembershipFactory, role="practitioner")
    setting = factory.SelfAttribute("membership.setting")
    about = "I love singing and den-building."


class MeetingRequestFactory(factory.django.DjangoModelFactory[MeetingRequest]):
    class Meta:
        model = MeetingRequest

    child = factory.SubFactory(ChildFactory)
    setting = factory.SelfAttribute("child.setting")
    requested_by = factory.SubFactory(UserFactory)
    staff = factory.SubFactory(MembershipFactory, setting=factory.SelfAttribute("..setting"),
                               role="practitioner")
    topic = "How Ava is settling in"
    option_1 = factory.LazyFunction(lambda: in_days(3, 17, 30))
    option_2 = factory.LazyFunction(lambda: in_days(4, 8, 0))


class EventFactory(factory.django.DjangoModelFactory[Event]):
    class Meta:
        model = Event

    setting = factory.SubFactory("tests.factories.SettingFactory")
    title = "Spring parents' evening"
    date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    starts_at = time(18, 0)
    ends_at = time(19, 0)
    slot_minutes = 10
    created_by = factory.SubFactory(UserFactory)


class SlotFactory(factory.django.DjangoModelFactory[Slot]):
    class Meta:
        model = Slot

    event = factory.SubFactory(EventFactory)
    staff = factory.SubFactory(MembershipFactory, setting=factory.SelfAttribute("..event.setting"),
                               role="practitioner")
    starts_at = factory.LazyAttribute(lambda o: timezone.make_aware(
        datetime.combine(o.event.date, o.event.starts_at)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(
        minutes=o.event.slot_minutes))


class BookingFactory(factory.django.DjangoModelFactory[Booking]):
    class Meta:
        model = Booking

    slot = factory.SubFactory(SlotFactory)
    event = factory.SelfAttribute("slot.event")
    child = factory.SubFactory(ChildFactory, setting=factory.SelfAttribute("..event.setting"))
    booked_by = factory.SubFactory(UserFactory)


class SettlingVisitFactory(factory.django.DjangoModelFactory[SettlingVisit]):
    class Meta:
        model = SettlingVisit

    child = factory.SubFactory(ChildFactory)
    setting = factory.SelfAttribute("child.setting")
    visited_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))
    who_came = "Mum"
    how_it_went = "Played happily in the sand for twenty minutes."
    comforters = "Blue bunny"
    next_steps = "Mum to leave for ten minutes next time."
    staff_notes = "STAFF-ONLY: seemed very tired."
    written_by = factory.SubFactory(UserFactory)


class HomeVisitFactory(factory.django.DjangoModelFactory[HomeVisit]):
    class Meta:
        model = HomeVisit

    child = factory.SubFactory(ChildFactory)
    setting = factory.SelfAttribute("child.setting")
    visited_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    visited_by = "Kim and Perry"
    notes = "Talked about sleep routines and favourite songs."
    next_steps = "First settling visit on Monday."
    staff_notes = "STAFF-ONLY: home visit note."
    written_by = factory.SubFactory(UserFactory)


# --- The world's key person objects (the personas of tests/conftest.py) ------------------------

def ava_meeting(world, **extra) -> MeetingRequest:
    """Pat asks Kim (Ava's key person) for a meeting."""
    return MeetingRequestFactory.create(**{
        "child": world.child, "requested_by": world.users["parent"],
        "staff": world.memberships["key_person"], **extra})


def parents_evening(world, days: int = 7) -> Event:
    """A parents' evening at Acorn with 10-minute slots for Kim, 18:00-19:00."""
    from keyperson.services import create_event

    return create_event(world.users["manager"], world.setting_a, kind=Event.Kind.PARENTS_EVENING,
                        title="Spring parents' evening",
                        date=timezone.localdate() + timedelta(days=days),
                        starts_at=time(18, 0), ends_at=time(19, 0), slot_minutes=10)


def kim_slot(event) -> Slot:
    return event.slots.order_by("starts_at").first()
