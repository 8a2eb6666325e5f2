"""Demo events for `manage.py seed_demo`: a farm trip with places, answers and a waiting
list, sports day, and the Christmas closure. Run once per setting."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from events import services
from events.models import Event
from families.models import Child
from preschool.models import User


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def load_demo(setting, today) -> None:
    if Event.objects.filter(setting=setting).exists():
        return
    children = {c.first_name: c for c in Child.objects.filter(setting=setting)}
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__in=[
        "helen.carter@acorns.example", "sophie.thompson@family.example",
        "kasia.nowak@family.example", "aisha.ahmed@family.example"])}
    if not {"Amelia", "Leon", "Noah"} <= set(children) or len(people) < 4:
        return
    manager = people["helen.carter"]
    trip_day = today + timedelta(days=16)
    trip = services.create_event(
        manager, setting, kind=Event.Kind.TRIP, title="Trip to Hadley Farm",
        description="We go by coach to see the lambs and feed the goats. Wellies, please.",
        location="Hadley Farm, Farm Lane", starts_at=_at(trip_day, 9, 30),
        ends_at=_at(trip_day, 12), asks_for_answers=True,
        rsvp_by=today + timedelta(days=9), capacity=6)
    services.answer(people["sophie.thompson"], trip, child=children["Amelia"], going=True,
                    adults=2, children=1)
    services.answer(people["kasia.nowak"], trip, child=children["Leon"], going=True, adults=1,
                    children=2)
    services.answer(people["aisha.ahmed"], trip, child=children["Noah"], going=True,
                    adults=2, children=1)  # the trip is full: on the waiting list
    sports = today + timedelta(days=30)
    services.create_event(
        manager, setting, kind=Event.Kind.SPORTS_DAY, title="Sports day",
        description="Races, a picnic and the parents' egg and spoon race.",
        location="The school field", starts_at=_at(sports, 10), ends_at=_at(sports, 12),
        asks_for_answers=True, rsvp_by=today + timedelta(days=23))
    closed = today + timedelta(days=40)
    services.create_event(
        manager, setting, kind=Event.Kind.CLOSURE, title="Closed for the holidays",
        location=setting.name, starts_at=_at(closed, 0), ends_at=_at(closed + timedelta(
            days=14), 0))
