"""A post reaches email only through the notification centre (notifications/delivery.py), as
each person chose for news, with the clock set by hand: "email at once" is one email after the
batching window, "daily digest" a line in the evening's digest, "off" nothing; nobody who may
not hear of the post (restricted, no right to information, another setting) gets anything; a
withdrawn post is emailed to no one; an urgent notice breaks through quiet hours at once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse

from news import services
from news.models import Post
from notifications.models import Category, Channel, Notification, Preference
from notifications.services import set_preferences
from preschool.lib import reminders
from preschool.models import Reminder, Role
from tests.centre import at, emailed, made_at, scan
from tests.factories import ChildAdultFactory, MembershipFactory, UserFactory
from tests.news.factories import add_families, post


@pytest.fixture(autouse=True)
def broker_not_known_down(monkeypatch):
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)


@pytest.fixture
def restricted(world):
    ray = UserFactory(full_name="Ray Restricted", email="ray@example.org")
    MembershipFactory(user=ray, setting=world.setting_a, role=Role.PARENT)
    ChildAdultFactory(child=world.child, user=ray, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    return ray


def test_each_family_hears_of_a_post_once_as_they_chose(world, restricted, settings):
    parent, daily = world.users["parent"], world.users["other_parent"]
    (off,) = add_families(world.setting_a, 1, room=world.room)
    set_preferences(parent, world.setting_a, {Category.POST: Channel.EMAIL})
    set_preferences(off, world.setting_a, {Category.POST: Channel.OFF})
    # Otto's parent keeps the setting's default for news: the daily digest.
    made = post(world, audience=Post.Audience.SETTING, needs_acknowledgement=False)
    made_at(world.setting_a, at(10))
    window = timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS)
    scan(at(10) + window - timedelta(seconds=1))
    assert emailed() == []  # still within the batching window
    scan(at(10) + window)
    scan(at(10, 30))
    assert emailed() == [parent.email]
    email = mail.outbox[0]
    assert email.subject == f"News from {world.setting_a.name}: Cake sale"
    assert "news and announcements" in email.body and "/notifications/" in email.body
    scan(at(18))
    scan(at(18, 30))
    assert emailed() == sorted([parent.email, daily.email])
    assert "Cake sale" in mail.outbox[1].body
    scan(at(10, day=1))
    scan(at(18, day=1))
    # Nothing more; "off", Ray (restricted), Casey (no right to information) and the other
    # setting's manager got nothing, and no news email of the post's own.
    assert emailed() == sorted([parent.email, daily.email])
    assert not Reminder.objects.filter(kind__startswith="news-").exists()
    assert made.is_published


def test_no_email_of_a_post_read_in_the_portal_within_the_window(world, settings):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.POST: Channel.EMAIL})
    made = post(world, needs_acknowledgement=False)
    made_at(world.setting_a, at(10))
    assert world.client_for("parent").get(
        reverse("news-detail", args=[made.uuid])).status_code == 200
    scan(at(10) + timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS))
    assert emailed() == []


def test_a_post_withdrawn_before_its_email_is_emailed_to_no_one(world, settings):
    for person in (world.users["parent"], world.users["other_parent"]):
        set_preferences(person, world.setting_a, {Category.POST: Channel.EMAIL})
    made = post(world, audience=Post.Audience.SETTING)
    made_at(world.setting_a, at(10))
    services.withdraw(world.users["manager"], made, reason="Wrong date")
    scan(at(10) + timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS))
    assert emailed() == []
    assert set(Reminder.objects.values_list("status", flat=True)) == {"cancelled"}


def test_a_withdrawn_post_is_left_out_of_the_digest(world):
    parent = world.users["parent"]
    set_preferences(parent, world.setting_a, {Category.POST: Channel.DAILY})
    kept = post(world, title="Sports day", needs_acknowledgement=False)
    gone = post(world, title="Cake sale", needs_acknowledgement=False)
    made_at(world.setting_a, at(10))
    services.withdraw(world.users["manager"], gone, reason="Wrong date")
    scan(at(18))
    assert emailed() == [parent.email]
    assert "Sports day" in mail.outbox[0].body and "Cake sale" not in mail.outbox[0].body
    assert kept.is_published


def test_no_email_to_someone_restricted_after_the_post(world, settings):
    for person in (world.users["parent"], world.users["other_parent"]):
        set_preferences(person, world.setting_a, {Category.POST: Channel.EMAIL})
    post(world, audience=Post.Audience.SETTING)
    made_at(world.setting_a, at(10))
    world.child.adults.filter(user=world.users["parent"]).update(restriction="Court order.")
    scan(at(10) + timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS))
    assert emailed() == [world.users["other_parent"].email]


def test_an_urgent_notice_is_emailed_at_once_through_quiet_hours(world):
    """21:00 is in a family's quiet hours (19:00 to 07:00): an ordinary post waits until 07:00,
    an urgent notice goes at once, even to a family who chose the digest for news."""
    parent, other = world.users["parent"], world.users["other_parent"]
    set_preferences(parent, world.setting_a, {Category.POST: Channel.EMAIL})
    post(world, title="Cake sale", needs_acknowledgement=False)
    made_at(world.setting_a, at(21))
    scan(at(21, 30))
    assert emailed() == []  # held by the quiet hours
    services.create_post(world.users["manager"], world.setting_a, title="Closed tomorrow",
                         body="Burst pipe: we are closed.", audience=Post.Audience.SETTING,
                         urgent=True)
    urgent = made_at(world.setting_a, at(21, 31))
    assert {n.category for n in urgent} == {Category.EMERGENCY} and len(urgent) == 2
    scan(at(21, 31))
    assert emailed() == sorted([parent.email, other.email])
    assert {m.subject for m in mail.outbox} == {"Urgent: Closed tomorrow"}
    assert f"An urgent notice from {world.setting_a.name}:" in mail.outbox[0].body
    scan(at(7, day=1))
    assert sorted(m.to[0] for m in mail.outbox if "Cake sale" in m.subject) == [parent.email]


def test_the_settings_default_for_news_applies_to_every_family(world, settings):
    Preference.objects.create(setting=world.setting_a, user=None, category=Category.POST,
                              channel=Channel.EMAIL)
    post(world, audience=Post.Audience.SETTING)
    made_at(world.setting_a, at(10))
    scan(at(10) + timedelta(seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS))
    assert emailed() == sorted([world.users["parent"].email,
                                world.users["other_parent"].email])


def test_a_withdrawn_post_is_not_pushed(world):
    from django_scopes import scope

    from push.delivery import still_may_hear

    set_preferences(world.users["parent"], world.setting_a, {Category.POST: Channel.PUSH})
    made = post(world, needs_acknowledgement=False)
    with scope(setting=world.setting_a):
        told = list(Notification.objects.select_related("recipient", "child", "setting"))
        assert still_may_hear(told) == told
        services.withdraw(world.users["manager"], made, reason="Wrong date")
        assert still_may_hear(told) == []
