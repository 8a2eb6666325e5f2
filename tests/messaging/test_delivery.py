"""A message reaches email only through the notification centre: exactly one email for a
person whose preference for messages is "email at once", after the batching window; none if
they read it in the portal first; none for a family member who may not hear of the child."""

from datetime import timedelta

import pytest
from django.core import mail

from notifications.models import Category, Channel, Notification
from notifications.services import set_preferences
from preschool.lib import reminders
from preschool.models import Reminder
from tests.centre import at, emailed, made_at, scan
from tests.messaging.factories import message, reply


@pytest.fixture(autouse=True)
def broker_not_known_down(monkeypatch):
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)


def test_a_reply_is_one_email_after_the_window(world, settings):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.MESSAGE: Channel.EMAIL})
    conversation = message(world).conversation
    Notification.objects.all().delete()  # the key person's, of the family's message
    reply(world, conversation)
    made_at(world.setting_a, at(10))
    window = timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS)
    scan(at(10) + window - timedelta(seconds=1))
    assert emailed() == []
    scan(at(10) + window)
    scan(at(10) + 2 * window)
    scan(at(18))
    assert emailed() == [parent.email]  # once; never Casey (no right to information)
    assert "/notifications/" in mail.outbox[0].body
    assert Reminder.objects.filter(kind="notification-email").count() == 1


def test_no_email_of_a_message_read_in_the_portal_first(world, settings):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.MESSAGE: Channel.EMAIL})
    conversation = message(world).conversation
    Notification.objects.all().delete()
    reply(world, conversation)
    made_at(world.setting_a, at(10))
    page = world.client_for("parent").get(conversation.get_absolute_url())
    assert page.status_code == 200
    scan(at(10) + timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS))
    scan(at(18))
    assert emailed() == []
    assert Reminder.objects.get(kind="notification-email").status == "cancelled"
