"""Calendar files (.ics) for a parents' evening booking and an agreed meeting."""

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from preschool.lib.downloads import download

PRODID = "-//Pre-school partnership portal//Key person//EN"


def _uid(kind: str, uuid) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "portal"
    return f"{kind}-{uuid}@{host}"


def calendar_response(*, kind: str, uuid, summary: str, starts, ends, location: str,
                      description: str, filename: str) -> HttpResponse:
    """An .ics file with one event. Times are written in UTC, which every calendar converts to
    the reader's own time zone."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = CalendarEvent()
    event.add("uid", _uid(kind, uuid))
    event.add("dtstamp", timezone.now())
    event.add("dtstart", starts)
    event.add("dtend", ends)
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("description", description)
    calendar.add_component(event)
    return download(calendar.to_ical(), content_type="text/calendar; charset=utf-8",
                    filename=f"{slugify(filename)}.ics")


def setting_location(setting) -> str:
    return ", ".join(p for p in [setting.name, setting.address] if p)
