"""Events: the family's answers for the child (coming, waiting, not coming, and how many).
For an adult: the answers they gave and their calendar feeds (when made and stopped; never
the feed's secret address)."""

from django.utils.translation import gettext

from events.models import CalendarFeed, Rsvp
from subject_access.collect.rows import linked_children, row, value, with_people
from subject_access.parts import Part


def _answer(rsvp) -> dict:
    event = rsvp.event
    return row(rsvp, skip=("event", "child"), record_type="event_answer", event=event.title,
               event_kind_display=str(event.get_kind_display()),
               event_starts_at=value(event.starts_at), event_location=event.location)


def for_child(child, recipient) -> Part:
    part = Part("events", gettext("Events"))
    part.records += [_answer(r) for r in
                     with_people(Rsvp.objects.filter(child=child), "event")]
    return part


def for_adult(user, setting) -> Part:
    part = Part("events", gettext("Events"))
    part.records += [_answer(r) | {"child": r.child.full_name} for r in with_people(
        Rsvp.objects.filter(answered_by=user, child__in=linked_children(user, setting)),
        "event", "child")]
    part.records += [row(feed, record_type="calendar_feed")
                     for feed in with_people(CalendarFeed.objects.filter(user=user))]
    return part
