"""Delivery beyond the portal: preferences, the batching window, digests, push and quiet hours
(notifications/delivery.py), with the clock set by hand: a notification made at 21:00 for a
parent is held until 07:00; item 13: nobody who may not hear of the child is emailed or
pushed anything."""

from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone
from django_scopes import scope

from notifications import channels, delivery
from notifications.models import Category, Channel, Notification, Preference, QuietHours
from notifications.services import notify, set_preferences
from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import ServiceError
from tests.factories import ChildAdultFactory, MembershipFactory, UserFactory

MONDAY = datetime(2026, 11, 23)  # a Monday, in the past: a reminder is claimed when due


def at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(MONDAY.date() + timedelta(days=day_offset),
                                                time(hour, minute)))


def tell(world, who, *, at_moment, category=Category.MESSAGE, urgent=False, child=True):
    with scope(setting=world.setting_a):
        made = notify(setting=world.setting_a, recipients=who, category=category,
                      title="A new message about Ava", url="/messages/",
                      child=world.child if child else None, urgent=urgent)
        Notification.objects.filter(pk__in=[n.pk for n in made]).update(created_at=at_moment)
        delivery.deliver([n.pk for n in made], now=at_moment)
    return made


@pytest.fixture(autouse=True)
def broker_not_known_down(monkeypatch):
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)


def scan(now) -> None:
    """Beat's scan at ``now``, and the workers sending what it queued."""
    with mock.patch.object(reminders, "enqueue") as enqueue:
        reminders.scan(now=now)
    for call in enqueue.call_args_list:
        reminders.deliver_many(call.args[0])


def emailed() -> list[str]:
    return [m.to[0] for m in mail.outbox]


@pytest.fixture
def pushed():
    sent = []
    registered = channels.channel("push")  # the push app's, put back afterwards
    channels.register_channel("push", lambda ns: sent.extend(ns))
    yield sent
    if registered is None:
        channels.CHANNELS.pop("push", None)
    else:
        channels.register_channel("push", registered)


def test_quiet_hours_hold_a_notification_at_nine_at_night_until_seven(world):
    parent = world.users["parent"]
    tell(world, [parent], at_moment=at(0, 21))
    scan(at(0, 21, 30))
    scan(at(1, 6, 59))
    assert emailed() == []
    scan(at(1, 7, 0))
    assert emailed() == [parent.email]
    assert "A new message about Ava" in mail.outbox[0].subject


def test_a_parents_own_quiet_hours_are_kept(world):
    parent = world.users["parent"]
    QuietHours.objects.create(user=parent, starts=time(21, 30), ends=time(6, 0))
    tell(world, [parent], at_moment=at(0, 21))  # before their quiet hours: after the window
    scan(at(0, 21, 4))
    assert emailed() == [parent.email]


def test_urgent_breaks_through_quiet_hours_at_once(world):
    parent = world.users["parent"]
    tell(world, [parent], at_moment=at(0, 21), urgent=True)
    scan(at(0, 21, 0))
    assert emailed() == [parent.email]


def test_staff_are_quiet_outside_their_working_hours(world):
    key_person = world.users["key_person"]
    tell(world, [key_person], at_moment=at(5, 10))  # Saturday morning
    due = Reminder.objects.get(kind="notification-email", recipient=key_person)
    assert timezone.localtime(due.due_at) == at(7, 8, 0)  # Monday 08:00


def test_no_email_for_what_was_read_in_the_portal_within_the_window(world):
    parent = world.users["parent"]
    made = tell(world, [parent], at_moment=at(0, 10))
    Notification.objects.filter(pk=made[0].pk).update(read_at=at(0, 10, 1))
    scan(at(0, 10, 10))
    assert emailed() == []
    assert Reminder.objects.get(kind="notification-email").status == "cancelled"


def test_an_unread_one_is_emailed_after_the_window(world, settings):
    parent = world.users["parent"]
    tell(world, [parent], at_moment=at(0, 10))
    scan(at(0, 10, 1))
    assert emailed() == []  # still within the batching window
    scan(at(0, 10, 0) + timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS))
    assert emailed() == [parent.email]


def test_a_daily_digest_is_one_email_listing_the_days_unread(world):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.MESSAGE: Channel.DAILY})
    tell(world, [parent], at_moment=at(0, 9))
    tell(world, [parent], at_moment=at(0, 15))
    assert Reminder.objects.filter(kind="notification-daily").count() == 1
    scan(at(0, 17, 59))
    assert emailed() == []
    scan(at(0, 18))
    scan(at(0, 18, 30))
    assert emailed() == [parent.email]
    assert mail.outbox[0].body.count("A new message about Ava") == 2


def test_a_weekly_digest_goes_on_friday(world):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.MESSAGE: Channel.WEEKLY})
    tell(world, [parent], at_moment=at(0, 9))
    due = Reminder.objects.get(kind="notification-weekly")
    assert timezone.localtime(due.due_at) == at(4, 18)


def test_off_means_nothing_at_all(world):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.MESSAGE: Channel.OFF})
    assert tell(world, [parent], at_moment=at(0, 10)) == []


def test_safeguarding_and_emergency_cannot_be_turned_off(world):
    parent = world.users["parent"]
    with pytest.raises(ServiceError, match="cannot be turned off"):
        set_preferences(parent, world.setting_a, {Category.EMERGENCY: Channel.OFF})
    # Not even by a row written by hand: the database refuses it.
    from django.db import IntegrityError, transaction
    with pytest.raises(IntegrityError), transaction.atomic():
        Preference.objects.create(setting=world.setting_a, user=parent,
                                  category=Category.SAFEGUARDING, channel=Channel.OFF)


def test_the_settings_default_applies_until_a_person_chooses(world):
    parent = world.users["parent"]
    Preference.objects.create(setting=world.setting_a, user=None, category=Category.MESSAGE,
                              channel=Channel.PORTAL)
    made = tell(world, [parent, world.users["manager"]], at_moment=at(0, 10))
    assert {n.channel for n in made} == {Channel.PORTAL}
    set_preferences(parent, world.setting_a, {Category.MESSAGE: Channel.EMAIL})
    made = tell(world, [parent, world.users["manager"]], at_moment=at(0, 11))
    assert {n.recipient_id: n.channel for n in made} == {
        parent.pk: Channel.EMAIL, world.users["manager"].pk: Channel.PORTAL}


def test_push_waits_for_the_end_of_quiet_hours(world, pushed):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.MESSAGE: Channel.PUSH})
    tell(world, [parent], at_moment=at(0, 21))
    assert pushed == []
    delivery.deliver_waiting(now=at(1, 6, 59))
    assert pushed == []
    delivery.deliver_waiting(now=at(1, 7, 0))
    assert [n.recipient_id for n in pushed] == [parent.pk]
    delivery.deliver_waiting(now=at(1, 8, 0))
    assert len(pushed) == 1  # once


def test_nobody_who_may_not_hear_of_the_child_gets_a_row_an_email_or_a_push(world, pushed):
    """Item 13: the restricted adult, the carer without the right to information and the
    other setting's people get nothing about Ava, whatever the caller asks."""
    restricted = UserFactory(full_name="Ray Restricted")
    MembershipFactory(user=restricted, setting=world.setting_a, role="parent")
    ChildAdultFactory(child=world.child, user=restricted, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    everyone = [*world.users.values(), restricted]
    for user in everyone:
        Preference.objects.create(setting=world.setting_a, user=user,
                                  category=Category.MEDICATION, channel=Channel.PUSH)
    made = tell(world, everyone, at_moment=at(0, 10))
    made += tell(world, everyone, at_moment=at(0, 10), category=Category.MEDICATION)
    made += tell(world, everyone, at_moment=at(0, 10), urgent=True,
                 category=Category.EMERGENCY)
    scan(at(1, 12))
    never = {restricted.pk, world.users["carer_no_info"].pk, world.users["other_setting"].pk,
             world.users["other_parent"].pk, world.users["superuser"].pk}
    told = {n.recipient_id for n in made}
    assert told and not told & never
    assert not {n.recipient_id for n in pushed} & never
    never_emails = {u.email for u in everyone if u.pk in never}
    assert mail.outbox and not set(emailed()) & never_emails


def test_an_email_is_not_sent_to_someone_restricted_since(world):
    parent = world.users["parent"]
    tell(world, [parent], at_moment=at(0, 10))
    world.child.adults.filter(user=parent).update(restriction="Court order made today.")
    scan(at(0, 11))
    assert emailed() == []
