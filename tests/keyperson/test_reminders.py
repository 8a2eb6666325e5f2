"""Reminders the day before an agreed meeting (both sides) and a parents' evening booking (the
family), found by the scan, sent once, and not sent when no longer right."""

import pytest
from django.core import mail
from django.utils import timezone

from keyperson import reminder_kinds
from keyperson.models import Booking, MeetingRequest
from keyperson.services import answer_meeting, book_slot, cancel_booking, cancel_meeting
from preschool.lib import reminders
from preschool.models import Reminder
from tests.keyperson.factories import ava_meeting, in_days, kim_slot, parents_evening


@pytest.fixture(autouse=True)
def due_from_midnight(monkeypatch):
    """Reminders the day before go out from REMINDER_HOUR; in tests, from midnight, so the
    result does not depend on the time of day the tests run."""
    monkeypatch.setattr(reminder_kinds, "REMINDER_HOUR", 0)


def _scan(sent):
    with sent():
        reminders.scan()


def _agree(world, meeting, sent):
    with sent():
        meeting = answer_meeting(world.users["key_person"], meeting, choice="1")
    mail.outbox.clear()  # the "agreed" email to the family, sent at once
    return meeting


def _agreed_meeting_tomorrow(world, sent):
    return _agree(world, ava_meeting(world, option_1=in_days(1, 18, 30)), sent)


def test_both_sides_are_reminded_the_day_before_a_meeting_once(world, sent):
    meeting = _agreed_meeting_tomorrow(world, sent)
    _scan(sent)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.users["parent"].email, world.users["key_person"].email])
    email = next(m for m in mail.outbox if m.to == [world.users["parent"].email])
    assert email.subject == "Tomorrow at 18:30: meeting about Ava"
    assert "Kim Keyperson" in email.body
    assert f"/key-person/meetings/{meeting.uuid}/calendar.ics" in email.body
    _scan(sent)
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(kind="keyperson-meeting-reminder", status="sent").count() == 2


def test_no_reminder_for_a_meeting_later_than_tomorrow_or_not_agreed(world, sent):
    _agree(world, ava_meeting(world, option_1=in_days(2, 9, 0)), sent)
    with sent():
        ava_meeting(world, option_1=in_days(1, 9, 0))  # asked for, not agreed
    _scan(sent)
    assert not mail.outbox


def test_a_meeting_cancelled_before_the_reminder_goes_is_not_reminded(world, sent):
    meeting = _agreed_meeting_tomorrow(world, sent)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(reminders, "enqueue", lambda pk: True)
        reminders.scan()  # created, not yet sent
    cancel_meeting(world.users["parent"], meeting)
    for reminder in Reminder.objects.filter(kind="keyperson-meeting-reminder"):
        assert reminders.deliver(reminder.pk) == "cancelled"
    assert not mail.outbox


def test_a_parent_who_lost_the_right_to_information_is_not_reminded(world, sent):
    _agreed_meeting_tomorrow(world, sent)
    world.child.adults.filter(user=world.users["parent"]).update(may_receive_information=False)
    _scan(sent)
    assert [m.to for m in mail.outbox] == [[world.users["key_person"].email]]
    assert Reminder.objects.get(recipient=world.users["parent"],
                                kind="keyperson-meeting-reminder").status == "cancelled"


def test_a_family_is_reminded_the_day_before_their_booking(world, sent):
    event = parents_evening(world, days=1)
    slot = kim_slot(event)
    booking = book_slot(world.users["parent"], world.child, slot)
    _scan(sent)
    [email] = mail.outbox
    assert email.to == [world.users["parent"].email]
    assert email.subject == "Tomorrow at 18:00: Spring parents' evening"
    assert "Kim Keyperson" in email.body and "Ava" in email.body
    assert f"/key-person/bookings/{booking.uuid}/calendar.ics" in email.body
    _scan(sent)
    assert len(mail.outbox) == 1


def test_a_cancelled_booking_is_not_reminded(world, sent):
    event = parents_evening(world, days=1)
    booking = book_slot(world.users["parent"], world.child, kim_slot(event))
    cancel_booking(world.users["parent"], booking)
    _scan(sent)
    assert not mail.outbox
    assert not Reminder.objects.filter(kind="keyperson-booking-reminder").exists()


def test_a_booking_next_week_is_not_reminded_yet(world, sent):
    event = parents_evening(world, days=7)
    book_slot(world.users["parent"], world.child, kim_slot(event))
    _scan(sent)
    assert not mail.outbox


def test_the_scan_finds_tomorrow_in_local_time(world, sent):
    meeting = _agreed_meeting_tomorrow(world, sent)
    found = list(reminder_kinds._meeting_reminder_scan(timezone.now()))
    assert {d.recipient for d in found} == {world.users["parent"], world.users["key_person"]}
    assert all(d.object_key == reminder_kinds.meeting_reminder_key(meeting) for d in found)
    assert len(found[0].object_key) <= Reminder._meta.get_field("object_key").max_length
    # A meeting moved to another time gets a new reminder key.
    MeetingRequest.objects.filter(pk=meeting.pk).update(scheduled_at=in_days(1, 19, 0))
    meeting.refresh_from_db()
    assert reminder_kinds.meeting_reminder_key(meeting) != found[0].object_key
    assert Booking.objects.count() == 0
