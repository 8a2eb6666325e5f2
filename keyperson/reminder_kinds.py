"""Key person emails (see preschool/lib/reminders.py for how due emails work).

Each email's context is rebuilt from the database just before sending; it is None - and the
email is not sent - when it is no longer right: the meeting was cancelled or moved, the
booking cancelled, or the recipient has lost the right to the child's information or left the
setting (docs/architecture.md, "Reminders": a person without the right to receive a child's
information is never sent it).
"""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from families.access import family_may_hear
from keyperson.models import Booking, MeetingRequest
from preschool.lib.reminders import Due, ReminderKind, register

# Reminders the day before go out from this hour (local time), not in the middle of the night.
REMINDER_HOUR = 8


def _url(name, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _staff_may_hear(user, setting) -> bool:
    return bool(user and user.is_active and user.memberships.active().staff()
                .filter(setting=setting).exists())


def _may_hear(reminder, child) -> bool:
    user = reminder.recipient
    if _staff_may_hear(user, child.setting_id):
        return True
    return family_may_hear(user, child)


def _stamp(moment) -> str:
    return str(int(moment.timestamp()))


def answered_key(meeting) -> str:
    """One "answered" email per answer (Reminder.object_key holds at most 64 characters)."""
    return f"{meeting.uuid}:{meeting.status}:{_stamp(meeting.scheduled_at)}"


def meeting_reminder_key(meeting) -> str:
    """One reminder per agreed time: a meeting moved to another day is reminded again."""
    return f"{meeting.uuid}:{_stamp(meeting.scheduled_at)}"


def _meeting(reminder):
    uuid = reminder.object_key.split(":")[0]
    return (MeetingRequest.objects.select_related("child__setting", "staff__user",
                                                  "requested_by")
            .filter(uuid=uuid).first())


def _tomorrow(now):
    """Start and end of tomorrow (local time), and when its reminders are due."""
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    start = timezone.make_aware(datetime.combine(tomorrow, time.min))
    due_at = timezone.make_aware(datetime.combine(tomorrow - timedelta(days=1),
                                                  time(REMINDER_HOUR)))
    return start, start + timedelta(days=1), due_at


# --- A family asked for a meeting: tell the member of staff ----------------------------------

def _requested_context(reminder):
    meeting = _meeting(reminder)
    if (meeting is None or meeting.status != MeetingRequest.Status.REQUESTED
            or not _staff_may_hear(reminder.recipient, meeting.setting_id)):
        return None
    return {"meeting": meeting, "child": meeting.child, "setting": meeting.child.setting,
            "url": _url("keyperson-meeting", meeting.uuid)}


# --- The key person answered: tell the family ----------------------------------------------

def _answered_context(reminder):
    meeting = _meeting(reminder)
    if meeting is None:
        return None
    if (meeting.scheduled_at is None or answered_key(meeting) != reminder.object_key
            or not family_may_hear(reminder.recipient, meeting.child)):
        return None
    return {"meeting": meeting, "child": meeting.child, "setting": meeting.child.setting,
            "url": _url("keyperson-meeting", meeting.uuid)}


# --- The day before an agreed meeting: both sides ------------------------------------------

def _meeting_reminder_scan(now):
    start, end, due_at = _tomorrow(now)
    meetings = (MeetingRequest.objects.filter(status=MeetingRequest.Status.ACCEPTED,
                                              scheduled_at__gte=start, scheduled_at__lt=end)
                .select_related("staff__user", "requested_by"))
    for meeting in meetings:
        key = meeting_reminder_key(meeting)
        for user in (meeting.requested_by, meeting.staff.user):
            yield Due(object_key=key, recipient_email=user.email, recipient=user,
                      due_at=due_at, setting=meeting.setting)


def _meeting_reminder_context(reminder):
    meeting = _meeting(reminder)
    if meeting is None or meeting.status != MeetingRequest.Status.ACCEPTED:
        return None
    if meeting_reminder_key(meeting) != reminder.object_key:
        return None  # moved since: a reminder for the new time is made by the scan
    if meeting.scheduled_at <= timezone.now() or not _may_hear(reminder, meeting.child):
        return None
    return {"meeting": meeting, "child": meeting.child, "setting": meeting.child.setting,
            "for_staff": reminder.recipient_id == meeting.staff.user_id,
            "url": _url("keyperson-meeting", meeting.uuid),
            "calendar_url": _url("keyperson-meeting-ics", meeting.uuid)}


# --- The day before a parents' evening booking: the family ---------------------------------

def _booking(reminder):
    return (Booking.objects.select_related("event__setting", "slot__staff__user",
                                           "child__setting")
            .filter(uuid=reminder.object_key.split(":")[0]).first())


def _booking_reminder_scan(now):
    start, end, due_at = _tomorrow(now)
    bookings = (Booking.objects.active()
                .filter(event__cancelled_at__isnull=True, slot__starts_at__gte=start,
                        slot__starts_at__lt=end)
                .select_related("booked_by", "event"))
    for booking in bookings:
        yield Due(object_key=str(booking.uuid), recipient_email=booking.booked_by.email,
                  recipient=booking.booked_by, due_at=due_at, setting=booking.event.setting)


def _booking_context(booking, reminder):
    return {"booking": booking, "event": booking.event, "slot": booking.slot,
            "child": booking.child, "setting": booking.event.setting,
            "url": _url("keyperson-event", booking.event.uuid),
            "calendar_url": _url("keyperson-booking-ics", booking.uuid)}


def _booking_reminder_context(reminder):
    booking = _booking(reminder)
    if (booking is None or booking.cancelled_at is not None or booking.event.is_cancelled
            or booking.slot.starts_at <= timezone.now()
            or not family_may_hear(reminder.recipient, booking.child)):
        return None
    return _booking_context(booking, reminder)


# --- An event was cancelled: families who had booked -----------------------------------------

def _event_cancelled_context(reminder):
    booking = _booking(reminder)
    if (booking is None or not booking.event.is_cancelled
            or not family_may_hear(reminder.recipient, booking.child)):
        return None
    return _booking_context(booking, reminder)


register(ReminderKind(name="keyperson-meeting-requested", template="keyperson_meeting_requested",
                      context=_requested_context))
register(ReminderKind(name="keyperson-meeting-answered", template="keyperson_meeting_answered",
                      context=_answered_context))
register(ReminderKind(name="keyperson-meeting-reminder", template="keyperson_meeting_reminder",
                      context=_meeting_reminder_context, scan=_meeting_reminder_scan))
register(ReminderKind(name="keyperson-booking-reminder", template="keyperson_booking_reminder",
                      context=_booking_reminder_context, scan=_booking_reminder_scan))
register(ReminderKind(name="keyperson-event-cancelled", template="keyperson_event_cancelled",
                      context=_event_cancelled_context))
