"""Parents' evenings and drop-ins: a manager creates one, slots are made for each key person,
families book a slot with their child's key person - exactly one family per slot - and can
cancel, and download a calendar file."""

from datetime import timedelta
from threading import Barrier, Thread

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from django_scopes import scope
from icalendar import Calendar

from keyperson.models import Assignment, Booking, Event, Slot
from keyperson.services import SLOT_TAKEN, book_slot
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.factories import ChildAdultFactory, ChildFactory
from tests.keyperson.factories import AssignmentFactory, kim_slot, parents_evening


def _event_form(**changes):
    return {"kind": "evening", "title": "Summer parents' evening",
            "date": str(timezone.localdate() + timedelta(days=14)), "starts_at": "17:30",
            "ends_at": "19:00", "slot_minutes": "15", **changes}


def _book_url(child, slot):
    return reverse("keyperson-slot-book", args=[child.uuid, slot.uuid])


def _kim_also_key_person_of_otto(world):
    AssignmentFactory(child=world.other_child, staff=world.memberships["key_person"],
                      assigned_by=world.users["manager"])


# --- Creating an event ----------------------------------------------------------------------

def test_a_manager_creates_an_event_with_slots_for_each_key_person(world):
    AssignmentFactory(child=world.other_child, staff=world.memberships["practitioner"],
                      assigned_by=world.users["manager"])
    response = world.client_for("manager").post(reverse("keyperson-event-new"), _event_form())
    event = Event.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("keyperson-event", args=[event.uuid])
    # 17:30 to 19:00 in 15-minute slots: 6 each for Kim and Perry.
    assert Slot.objects.filter(event=event, staff=world.memberships["key_person"]).count() == 6
    assert Slot.objects.filter(event=event, staff=world.memberships["practitioner"]).count() == 6
    first = event.slots.order_by("starts_at").first()
    assert timezone.localtime(first.starts_at).strftime("%H:%M") == "17:30"
    assert AuditEvent.objects.get(action="event.created").changes["slots"] == 6


@pytest.mark.parametrize(("changes", "message"), [
    ({"date": str(timezone.localdate() - timedelta(days=1))}, "This date has passed"),
    ({"ends_at": "17:00"}, "The end time must be after the start time"),
    ({"ends_at": "17:40"}, "shorter than one slot"),
    ({"title": "x" * 121}, "at most 120 characters"),
    ({"slot_minutes": "7"}, "Select a valid choice"),
    ({"kind": "party"}, "Select a valid choice"),
    ({"starts_at": "25:00"}, "Enter a valid time"),
])
def test_a_bad_event_is_refused_and_nothing_is_created(world, changes, message):
    response = world.client_for("manager").post(reverse("keyperson-event-new"),
                                                _event_form(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.exists()


def test_an_event_today_that_has_already_started_is_refused(world):
    response = world.client_for("manager").post(reverse("keyperson-event-new"), _event_form(
        date=str(timezone.localdate()), starts_at="00:00", ends_at="00:30"))
    assert "starts in the past" in response.content.decode()
    assert not Event.objects.exists()


def test_only_managers_create_events(world):
    response = world.client_for("key_person").post(reverse("keyperson-event-new"),
                                                   _event_form())
    assert response.status_code == 403
    assert world.client_for("parent").get(reverse("keyperson-event-new")).status_code == 403
    assert not Event.objects.exists()


# --- Booking ------------------------------------------------------------------------------------

def test_a_parent_sees_their_key_persons_slots_and_books_one(world):
    AssignmentFactory(child=world.other_child, staff=world.memberships["practitioner"],
                      assigned_by=world.users["manager"])
    event = parents_evening(world)
    client = world.client_for("parent")
    page = client.get(reverse("keyperson-event", args=[event.uuid])).content.decode()
    assert "Ava with Kim Keyperson" in page
    assert "Perry" not in page  # only the slots of her own child's key person
    slot = kim_slot(event)
    response = client.post(_book_url(world.child, slot))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert (booking.slot, booking.child, booking.booked_by) == (
        slot, world.child, world.users["parent"])
    assert AuditEvent.objects.get(action="booking.made").setting == world.setting_a
    page = client.get(reverse("keyperson-event", args=[event.uuid])).content.decode()
    assert "Booked:" in page
    assert reverse("keyperson-booking-ics", args=[booking.uuid]) in page
    staff_page = world.client_for("key_person").get(
        reverse("keyperson-event", args=[event.uuid])).content.decode()
    assert "Ava Parentchild" in staff_page and "booked by Pat Parent" in staff_page


def test_a_slot_already_booked_is_refused_with_a_clear_message(world):
    _kim_also_key_person_of_otto(world)
    event = parents_evening(world)
    slot = kim_slot(event)
    world.client_for("parent").post(_book_url(world.child, slot))
    response = world.client_for("other_parent").post(_book_url(world.other_child, slot),
                                                     follow=True)
    assert "someone has just booked that time" in response.content.decode()
    assert Booking.objects.get().child == world.child


def test_a_child_gets_one_slot_per_event(world):
    event = parents_evening(world)
    first, second = event.slots.order_by("starts_at")[:2]
    client = world.client_for("parent")
    client.post(_book_url(world.child, first))
    response = client.post(_book_url(world.child, second), follow=True)
    assert "already has a time booked" in response.content.decode()
    assert Booking.objects.count() == 1


def test_a_parent_cannot_book_for_another_familys_child(world):
    event = parents_evening(world)
    response = world.client_for("other_parent").post(_book_url(world.child, kim_slot(event)))
    assert response.status_code == 404
    assert world.client_for("carer_no_info").post(
        _book_url(world.child, kim_slot(event))).status_code == 404
    assert not Booking.objects.exists()


def test_a_family_of_another_setting_cannot_book(world):
    event = parents_evening(world)
    response = world.client_for("other_setting").post(_book_url(world.child, kim_slot(event)))
    assert response.status_code == 404


def test_a_slot_with_someone_other_than_the_key_person_is_refused(world):
    AssignmentFactory(child=world.other_child, staff=world.memberships["practitioner"],
                      assigned_by=world.users["manager"])
    event = parents_evening(world)
    perrys = event.slots.filter(staff=world.memberships["practitioner"]).first()
    response = world.client_for("parent").post(_book_url(world.child, perrys), follow=True)
    assert "Book a time with Ava&#x27;s key person" in response.content.decode()
    assert not Booking.objects.exists()


def test_staff_do_not_book(world):
    event = parents_evening(world)
    response = world.client_for("key_person").post(_book_url(world.child, kim_slot(event)))
    assert response.status_code == 403


def test_a_slot_in_the_past_or_of_a_cancelled_event_cannot_be_booked(world):
    event = parents_evening(world)
    slot = kim_slot(event)
    Slot.objects.filter(pk=slot.pk).update(starts_at=timezone.now() - timedelta(minutes=5))
    slot.refresh_from_db()
    with pytest.raises(ServiceError, match="already passed"):
        book_slot(world.users["parent"], world.child, slot)
    Event.objects.filter(pk=event.pk).update(cancelled_at=timezone.now())
    with pytest.raises(ServiceError, match="cancelled"):
        book_slot(world.users["parent"], world.child, kim_slot(Event.objects.get()))


def test_book_refuses_get(world):
    event = parents_evening(world)
    response = world.client_for("parent").get(_book_url(world.child, kim_slot(event)))
    assert response.status_code == 405


def test_two_parents_booking_the_same_slot_at_once_exactly_one_gets_it(world, transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions need PostgreSQL (CI runs this)")
    _kim_also_key_person_of_otto(world)
    event = parents_evening(world)
    slot = kim_slot(event)
    barrier, results = Barrier(2), []

    def book(user, child):
        barrier.wait()
        try:
            # A new thread starts outside any scope: open the setting's, as a request does.
            with scope(setting=world.setting_a):
                book_slot(user, child, Slot.objects.select_related("event").get(pk=slot.pk))
            results.append("booked")
        except ServiceError as exc:
            results.append(str(exc))
        except Exception as exc:
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [Thread(target=book, args=(world.users["parent"], world.child)),
               Thread(target=book, args=(world.users["other_parent"], world.other_child))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == sorted(["booked", SLOT_TAKEN])
    assert Booking.objects.active().filter(slot=slot).count() == 1


# --- Cancelling -------------------------------------------------------------------------------

def test_a_parent_cancels_and_the_slot_is_free_again(world):
    _kim_also_key_person_of_otto(world)
    event = parents_evening(world)
    slot = kim_slot(event)
    world.client_for("parent").post(_book_url(world.child, slot))
    booking = Booking.objects.get()
    response = world.client_for("parent").post(
        reverse("keyperson-booking-cancel", args=[booking.uuid]))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.cancelled_at is not None and booking.cancelled_by == world.users["parent"]
    assert AuditEvent.objects.filter(action="booking.cancelled").count() == 1
    assert world.client_for("other_parent").post(
        _book_url(world.other_child, slot)).status_code == 302
    assert Booking.objects.active().get().child == world.other_child


def test_another_family_cannot_cancel_a_booking(world):
    event = parents_evening(world)
    world.client_for("parent").post(_book_url(world.child, kim_slot(event)))
    booking = Booking.objects.get()
    url = reverse("keyperson-booking-cancel", args=[booking.uuid])
    assert world.client_for("other_parent").post(url).status_code == 404
    assert world.client_for("practitioner").post(url).status_code == 403
    booking.refresh_from_db()
    assert booking.cancelled_at is None


def test_cancelling_an_event_tells_the_families_who_booked(world, sent):
    event = parents_evening(world)
    world.client_for("parent").post(_book_url(world.child, kim_slot(event)))
    with sent():
        response = world.client_for("manager").post(
            reverse("keyperson-event-cancel", args=[event.uuid]))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.is_cancelled
    [email] = mail.outbox
    assert email.to == [world.users["parent"].email]
    assert email.subject.startswith("Cancelled: Spring parents' evening")
    assert "&#x27;" not in email.subject + email.body
    assert AuditEvent.objects.get(action="event.cancelled").changes == {"bookings": 1}


def test_only_managers_cancel_events(world):
    event = parents_evening(world)
    response = world.client_for("key_person").post(
        reverse("keyperson-event-cancel", args=[event.uuid]))
    assert response.status_code == 403
    assert world.client_for("other_setting").post(
        reverse("keyperson-event-cancel", args=[event.uuid])).status_code == 404
    event.refresh_from_db()
    assert not event.is_cancelled


# --- The calendar file ------------------------------------------------------------------------

def test_a_booking_has_a_calendar_file(world):
    event = parents_evening(world)
    slot = kim_slot(event)
    world.client_for("parent").post(_book_url(world.child, slot))
    booking = Booking.objects.get()
    response = world.client_for("parent").get(
        reverse("keyperson-booking-ics", args=[booking.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert f'filename="spring-parents-evening-{event.date:%Y-%m-%d}.ics"' in (
        response["Content-Disposition"])
    text = response.content.decode()
    assert text.startswith("BEGIN:VCALENDAR") and "VERSION:2.0" in text
    [vevent] = Calendar.from_ical(response.content).walk("VEVENT")
    assert vevent.decoded("dtstart") == slot.starts_at
    assert vevent.decoded("dtend") - vevent.decoded("dtstart") == timedelta(minutes=10)
    assert str(vevent["summary"]) == "Spring parents' evening: Ava with Kim Keyperson"
    assert str(vevent["uid"]) == f"booking-{booking.uuid}@testserver"
    assert "01632 960000" in str(vevent["description"])


def test_a_cancelled_booking_has_no_calendar_file(world):
    event = parents_evening(world)
    world.client_for("parent").post(_book_url(world.child, kim_slot(event)))
    booking = Booking.objects.get()
    world.client_for("parent").post(reverse("keyperson-booking-cancel", args=[booking.uuid]))
    response = world.client_for("parent").get(
        reverse("keyperson-booking-ics", args=[booking.uuid]))
    assert response.status_code == 404


def test_another_family_cannot_download_the_calendar_file(world):
    event = parents_evening(world)
    world.client_for("parent").post(_book_url(world.child, kim_slot(event)))
    booking = Booking.objects.get()
    url = reverse("keyperson-booking-ics", args=[booking.uuid])
    assert world.client_for("other_parent").get(url).status_code == 404
    assert world.client_for("other_setting").get(url).status_code == 404


def test_a_family_with_two_children_books_for_each(world):
    """Pat has a second child with the same key person: one slot each."""
    sam = ChildFactory(setting=world.setting_a, first_name="Sam", last_name="Parentchild")
    ChildAdultFactory(child=sam, user=world.users["parent"])
    AssignmentFactory(child=sam, staff=world.memberships["key_person"],
                      kind=Assignment.Kind.KEY, assigned_by=world.users["manager"])
    event = parents_evening(world)
    first, second = event.slots.order_by("starts_at")[:2]
    client = world.client_for("parent")
    assert client.post(_book_url(world.child, first)).status_code == 302
    assert client.post(_book_url(sam, second)).status_code == 302
    assert Booking.objects.active().count() == 2
