"""Calendar files (.ics): one event to download, or a feed of many that a phone's calendar
subscribes to. Times are written in UTC, which every calendar converts to the reader's own
time zone. Used by keyperson (parents' evenings, meetings) and events (setting events and the
families' calendar feeds)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from preschool.lib.downloads import download

PRODID = "-//Pre-school partnership portal//EN"


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # with ``uuid``, the event's UID: the same event is updated, never repeated
    uuid: object
    summary: str
    starts: datetime
    ends: datetime
    location: str = ""
    description: str = ""
    cancelled: bool = False


def _uid(kind: str, uuid) -> str:
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "portal"
    return f"{kind}-{uuid}@{host}"


def calendar_bytes(items: Iterable[CalendarItem], *, name: str = "") -> bytes:
    """An iCalendar document with these events (RFC 5545)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    if name:
        calendar.add("x-wr-calname", name)
    stamp = timezone.now()
    for item in items:
        event = CalendarEvent()
        event.add("uid", _uid(item.kind, item.uuid))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.starts)
        event.add("dtend", item.ends)
        event.add("summary", item.summary)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.cancelled:
            event.add("status", "CANCELLED")
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_response(*, kind: str, uuid, summary: str, starts, ends, location: str,
                      description: str, filename: str) -> HttpResponse:
    """An .ics file with one event, downloaded."""
    item = CalendarItem(kind=kind, uuid=uuid, summary=summary, starts=starts, ends=ends,
                        location=location, description=description)
    return download(calendar_bytes([item]), content_type="text/calendar; charset=utf-8",
                    filename=f"{slugify(filename)}.ics")


def setting_location(setting) -> str:
    return ", ".join(p for p in [setting.name, setting.address] if p)
