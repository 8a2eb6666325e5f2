"""An event's emails, one a thing that happens and a person: the new event (and a cancellation)
reach email only through the notification centre, as each family chose for events; the
reminders to answer, 7 and 2 days before the date to answer by, are the events app's own
emails and make no notification, so the centre never sends them again; a family who turned
events off gets neither."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from events import services
from events.reminder_kinds import ANSWER_REMINDER
from notifications.models import Category, Channel, Notification
from notifications.services import set_preferences
from preschool.lib import reminders
from preschool.models import Reminder
from tests.centre import at, emailed, made_at, scan
from tests.events.factories import event

# These tests scan every kind of email; the weekly one is due at the weekend.
pytestmark = pytest.mark.usefixtures("without_the_weekly_email")


@pytest.fixture(autouse=True)
def broker_not_known_down(monkeypatch):
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)


def _remind(moment) -> None:
    """The answer reminders' scan finding what is due at ``moment``, then sending it."""
    kind = reminders.KINDS[ANSWER_REMINDER]
    assert kind.scan is not None
    reminders.schedule_many(ANSWER_REMINDER, kind.scan(moment))
    reminders.deliver_many(Reminder.objects.filter(kind=ANSWER_REMINDER, status="pending")
                           .values_list("pk", flat=True))


def test_a_new_event_and_its_reminder_are_each_one_email(world, settings):
    parent, other = world.users["parent"], world.users["other_parent"]
    set_preferences(parent, world.setting_a, {Category.EVENT: Channel.EMAIL})
    set_preferences(other, world.setting_a, {Category.EVENT: Channel.OFF})
    # Answers due in six days: the reminder of a week before was due yesterday at 09:00,
    # so it is due whatever the time of day the test runs.
    ev = event(world, rsvp_in_days=6)
    made_at(world.setting_a, at(10))
    window = timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS)
    scan(at(10) + window)
    scan(at(18))
    assert emailed() == [parent.email]  # the new event, once; "off": nothing
    assert mail.outbox[0].subject == "New event: Trip to the farm"
    notifications = Notification.objects.count()
    _remind(timezone.now())
    _remind(timezone.now())  # a second scan sends nothing new
    reminded = [m.to[0] for m in mail.outbox[1:]]
    assert reminded == [parent.email]  # the reminder, once; Otto's parent turned events off
    assert ev.title in mail.outbox[1].subject
    assert Notification.objects.count() == notifications  # the reminder is no notification
    scan(at(10, day=2))
    scan(at(18, day=2))
    assert len(mail.outbox) == 2


def test_a_cancelled_event_is_one_email_to_those_who_answered(world, settings):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.EVENT: Channel.EMAIL})
    ev = event(world)
    services.answer(parent, ev, child=world.child, going=True, adults=1)
    made_at(world.setting_a, at(10))
    services.cancel_event(world.users["manager"], ev)
    made_at(world.setting_a, at(11))
    scan(at(11) + timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS))
    assert sorted(m.subject for m in mail.outbox) == ["Cancelled: Trip to the farm",
                                                      "New event: Trip to the farm"]
    assert emailed() == [parent.email, parent.email]
    _remind(timezone.now())
    assert len(mail.outbox) == 2  # cancelled: no reminder to answer
