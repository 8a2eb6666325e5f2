"""Helpers for the events tests."""

from datetime import timedelta

from django.utils import timezone

from events import services
from events.models import Event


def event(world, *, days_ahead=14, capacity=None, rsvp_in_days=7, **kwargs) -> Event:
    starts = timezone.now() + timedelta(days=days_ahead)
    return services.create_event(
        world.users["manager"], world.setting_a, kind=kwargs.pop("kind", Event.Kind.TRIP),
        title=kwargs.pop("title", "Trip to the farm"), location="Hill Farm",
        starts_at=starts, ends_at=starts + timedelta(hours=3), asks_for_answers=True,
        rsvp_by=timezone.localdate() + timedelta(days=rsvp_in_days), capacity=capacity,
        **kwargs)
