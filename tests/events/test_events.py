"""Events: answers with a capacity and a waiting list, reminders 7 and 2 days before the date
to answer by, the .ics file, and the families' private calendar feeds."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from events import services
from events.models import CalendarFeed, Event, Rsvp
from events.reminder_kinds import ANSWER_REMINDER
from notifications.models import Category, Notification
from preschool.lib import reminders
from preschool.models import Reminder, Role
from preschool.services import ServiceError
from tests.events.factories import event
from tests.factories import ChildAdultFactory, ChildFactory, MembershipFactory, UserFactory

# These tests scan every kind of email; the weekly one is due at the weekend.
pytestmark = pytest.mark.usefixtures("without_the_weekly_email")


def _answer(world, persona, ev, **data):
    return world.client_for(persona).post(reverse("events-answer", args=[ev.uuid]), data)


def _child(world, persona):
    return world.child if persona == "parent" else world.other_child


def test_it_tells_the_families_of_a_new_event(world):
    event(world)
    told = {n.recipient for n in Notification.objects.filter(category=Category.EVENT)}
    assert told == {world.users["parent"], world.users["other_parent"]}


def test_a_family_answers_and_changes_its_answer(world):
    ev = event(world)
    response = _answer(world, "parent", ev, child=str(world.child.uuid), going="yes", adults=2,
                       children=1)
    assert response.status_code == 302
    rsvp = Rsvp.objects.get()
    assert (rsvp.status, rsvp.adults, rsvp.children) == (Rsvp.Status.GOING, 2, 1)
    _answer(world, "parent", ev, child=str(world.child.uuid), going="no")
    rsvp.refresh_from_db()
    assert rsvp.status == Rsvp.Status.NOT_GOING and rsvp.people == 0
    page = world.client_for("manager").get(reverse("events-detail", args=[ev.uuid])).text
    assert "Ava Parentchild" not in page or "Not coming" in page


def test_beyond_the_capacity_families_wait_and_a_place_given_back_goes_to_the_first(world):
    ev = event(world, capacity=4)
    parent, other = world.users["parent"], world.users["other_parent"]
    third = ChildFactory(setting=world.setting_a, room=world.room, first_name="Tia")
    tess = UserFactory(full_name="Tess Third")
    MembershipFactory(user=tess, setting=world.setting_a, role=Role.PARENT)
    ChildAdultFactory(child=third, user=tess, relationship="Mother")
    services.answer(parent, ev, child=world.child, going=True, adults=1, children=1)
    waiting = services.answer(other, ev, child=world.other_child, going=True, adults=2,
                              children=1)
    small = services.answer(tess, ev, child=third, going=True, adults=1, children=0)
    assert waiting.status == Rsvp.Status.WAITING
    assert small.status == Rsvp.Status.GOING  # two places left: a party of one fits
    with pytest.raises(ServiceError, match="places"):
        services.answer(parent, ev, child=world.child, going=True, adults=2, children=2)
    services.answer(parent, ev, child=world.child, going=False)
    waiting.refresh_from_db()
    assert waiting.status == Rsvp.Status.GOING
    assert ev.places_taken() == 4
    assert Notification.objects.filter(recipient=other, title__startswith="A place").exists()


def test_two_families_asking_for_the_last_place_cannot_both_get_it(world):
    ev = event(world, capacity=2)
    services.answer(world.users["parent"], ev, child=world.child, going=True, adults=1,
                    children=1)
    late = services.answer(world.users["other_parent"], ev, child=world.other_child,
                           going=True, adults=1, children=1)
    assert late.status == Rsvp.Status.WAITING
    assert ev.places_taken() == 2


def test_no_answer_for_someone_elses_child_nor_after_the_deadline(world):
    ev = event(world)
    with pytest.raises(ServiceError):
        services.answer(world.users["other_parent"], ev, child=world.child, going=True,
                        adults=1)
    with pytest.raises(ServiceError):
        services.answer(world.users["carer_no_info"], ev, child=world.child, going=True,
                        adults=1)
    Event.objects.filter(pk=ev.pk).update(rsvp_by=timezone.localdate() - timedelta(days=1))
    with pytest.raises(ServiceError, match="closed"):
        services.answer(world.users["parent"], ev, child=world.child, going=True, adults=1)
    response = _answer(world, "parent", ev, child=str(world.other_child.uuid), going="yes",
                       adults=1)
    assert response.status_code == 302
    assert not Rsvp.objects.exists()


def test_bad_input_gets_a_clear_message_and_changes_nothing(world):
    client = world.client_for("manager")
    starts = timezone.localtime() + timedelta(days=3)
    response = client.post(reverse("events-new"), {
        "kind": "trip", "title": "<b>Farm</b>", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")})
    assert "plain text" in response.text
    assert "The event must end after it starts." in response.text
    assert not Event.objects.exists()


def _scan_on(day):
    return reminders.scan(timezone.make_aware(datetime.combine(day, time(12))))


def test_families_who_have_not_answered_are_reminded_7_and_2_days_before(world):
    ev = event(world, rsvp_in_days=10)
    deadline = ev.rsvp_by
    services.answer(world.users["other_parent"], ev, child=world.other_child, going=True,
                    adults=1)
    first = Reminder.objects.filter(kind=ANSWER_REMINDER)
    _scan_on(deadline - timedelta(days=8))
    assert not first.exists()
    _scan_on(deadline - timedelta(days=7))
    assert {r.recipient for r in first} == {world.users["parent"]}
    _scan_on(deadline - timedelta(days=6))  # nothing new the day after
    assert first.count() == 1
    _scan_on(deadline - timedelta(days=2))
    assert set(first.values_list("object_key", flat=True)) == {f"{ev.uuid}:7", f"{ev.uuid}:2"}
    # Once answered, the email still due is not sent: rebuilt before sending, it is None.
    later = first.get(object_key=f"{ev.uuid}:2")
    assert reminders.KINDS[ANSWER_REMINDER].context(later) is not None
    services.answer(world.users["parent"], ev, child=world.child, going=False)
    assert reminders.KINDS[ANSWER_REMINDER].context(later) is None


def test_the_reminder_is_not_sent_to_a_family_that_lost_the_right(world):
    # Answers due in six days: the reminder of a week before was due yesterday at 09:00,
    # so it is due whatever the time of day the test runs.
    ev = event(world, rsvp_in_days=6)
    kind = reminders.KINDS[ANSWER_REMINDER]
    assert kind.scan is not None
    # Found due (not yet sent); then Pat comes under a court restriction.
    reminders.schedule_many(ANSWER_REMINDER, kind.scan(timezone.now()))
    world.child.adults.filter(user=world.users["parent"]).update(restriction="Court order.")
    reminders.deliver_many(Reminder.objects.filter(kind=ANSWER_REMINDER)
                           .values_list("pk", flat=True))
    assert [m.to for m in mail.outbox] == [[world.users["other_parent"].email]]
    assert f"{ev.title}" in mail.outbox[0].subject


def test_an_event_downloads_as_a_calendar_file(world):
    ev = event(world)
    response = world.client_for("parent").get(reverse("events-ics", args=[ev.uuid]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    [component] = calendar.walk("VEVENT")
    assert str(component["summary"]) == "Trip to the farm"
    assert str(component["location"]) == "Hill Farm"


def test_the_calendar_feed_works_without_signing_in_and_stops_when_revoked(world, client):
    event(world)
    parent = world.client_for("parent")
    page = parent.post(reverse("events-feed")).text
    assert "webcal://" in page
    feed = CalendarFeed.objects.get()
    token = page.split('value="http://testserver/events/calendar/')[1].split(".ics")[0]
    assert feed.token_hash != token and len(feed.token_hash) == 64  # only the hash is kept
    url = reverse("events-feed-ics", args=[token])
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Trip to the farm" in body
    # Nothing about a child: no name of any child, no answer.
    for name in ("Ava", "Parentchild", "Otto"):
        assert name not in body
    # A new address replaces the old one; revoking stops it.
    parent.post(reverse("events-feed"))
    assert client.get(url).status_code == 404
    new = CalendarFeed.objects.get(revoked_at__isnull=True)
    parent.post(reverse("events-feed-revoke"))
    new.refresh_from_db()
    assert new.revoked_at is not None
    assert client.get(reverse("events-feed-ics", args=["not-a-token"])).status_code == 404


def test_the_feed_stops_when_the_family_loses_the_right_to_information(world, client):
    token = services.new_calendar_feed(world.users["parent"], world.setting_a)
    url = reverse("events-feed-ics", args=[token])
    assert client.get(url).status_code == 200
    world.child.adults.filter(user=world.users["parent"]).update(may_receive_information=False)
    assert client.get(url).status_code == 404


def test_a_carer_without_the_right_to_information_sees_no_event(world):
    ev = event(world)
    client = world.client_for("carer_no_info")
    assert "Trip to the farm" not in client.get(reverse("events-list")).text
    assert client.get(reverse("events-detail", args=[ev.uuid])).status_code == 404
    with pytest.raises(ServiceError):
        services.new_calendar_feed(world.users["carer_no_info"], world.setting_a)


def test_a_cancelled_event_tells_those_who_answered(world):
    ev = event(world)
    services.answer(world.users["parent"], ev, child=world.child, going=True, adults=1)
    world.client_for("manager").post(reverse("events-cancel", args=[ev.uuid]))
    ev.refresh_from_db()
    assert ev.is_cancelled
    assert Notification.objects.filter(recipient=world.users["parent"],
                                       title__startswith="Cancelled").exists()
    assert not Notification.objects.filter(recipient=world.users["other_parent"],
                                           title__startswith="Cancelled").exists()
