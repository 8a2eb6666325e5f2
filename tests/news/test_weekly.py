"""The weekly family email: one a week per person, with the week's news, events coming up, the
room's boards and the journal's new entries, only what that person may see; in their format."""

from datetime import datetime, time, timedelta

from django.core import mail
from django.utils import timezone

from learning_journal.models import DailyBoard, Observation, ObservationChild
from news.models import Post
from news.weekly import WEEKLY_EMAIL, week_of
from preschool.lib import reminders
from preschool.models import Reminder, User
from tests.events.factories import event
from tests.news.factories import post


def _friday_evening():
    monday, _ = week_of(timezone.localdate())
    return timezone.make_aware(datetime.combine(monday + timedelta(days=4), time(17)))


def _days_to_the_weekend_or_later() -> int:
    """Days from now to an event the Friday email lists (from the weekend on): three, or on a
    Monday or Tuesday the Saturday, as three days on would fall before the email."""
    weekday = timezone.localdate().weekday()
    return 5 - weekday if weekday < 2 else 3


def _board_and_entry(world):
    DailyBoard.objects.create(setting=world.setting_a, room=world.room,
                              day=timezone.localdate(), what_we_did="Built a den outside.",
                              author=world.users["key_person"])
    observation = Observation.objects.create(
        setting=world.setting_a, observed_on=timezone.localdate(), text="Counted to ten.",
        author=world.users["key_person"], status=Observation.Status.PUBLISHED,
        published_at=timezone.now())
    ObservationChild.objects.create(observation=observation, child=world.child)


def test_each_family_gets_one_email_a_week_with_what_they_may_see(world):
    post(world, title="Only for Ava's family")  # chosen families: Ava's
    post(world, title="For everyone", audience=Post.Audience.SETTING)
    event(world, title="Sports day", days_ahead=_days_to_the_weekend_or_later(),
          rsvp_in_days=1)
    _board_and_entry(world)
    kind = reminders.KINDS[WEEKLY_EMAIL]
    assert kind.scan is not None
    friday = _friday_evening()
    assert not list(kind.scan(friday - timedelta(hours=2)))  # before Friday at four
    reminders.schedule_many(WEEKLY_EMAIL, kind.scan(friday))
    assert not list(kind.scan(friday + timedelta(days=1)))  # found once a week
    rows = Reminder.objects.filter(kind=WEEKLY_EMAIL)
    assert {r.recipient for r in rows} == {world.users["parent"], world.users["other_parent"]}
    pat = rows.get(recipient=world.users["parent"])
    olly = rows.get(recipient=world.users["other_parent"])
    Reminder.objects.filter(kind=WEEKLY_EMAIL).update(due_at=timezone.now())
    reminders.deliver_many([pat.pk, olly.pk])
    by_person = {m.to[0]: m for m in mail.outbox}
    pats = by_person[world.users["parent"].email]
    for text in ("Only for Ava's family", "For everyone", "Sports day", "Built a den outside",
                 f"1 new entry in {world.child.known_as}'s journal"):
        assert text in pats.body
    ollys = by_person[world.users["other_parent"].email]
    assert "For everyone" in ollys.body and "Built a den outside" in ollys.body
    assert "Only for Ava's family" not in ollys.body and "Ava" not in ollys.body
    # Both parts: plain text and HTML.
    assert pats.alternatives and "font-size: 16px" in pats.alternatives[0][0]


def test_large_print_is_honoured_and_a_restricted_family_gets_nothing(world):
    post(world, title="For everyone", audience=Post.Audience.SETTING)
    User.objects.filter(pk=world.users["parent"].pk).update(
        preferred_format=User.Format.LARGE_PRINT)
    kind = reminders.KINDS[WEEKLY_EMAIL]
    assert kind.scan is not None
    reminders.schedule_many(WEEKLY_EMAIL, kind.scan(_friday_evening()))
    world.other_child.adults.update(restriction="Court order.")
    Reminder.objects.filter(kind=WEEKLY_EMAIL).update(due_at=timezone.now())
    reminders.deliver_many(Reminder.objects.filter(kind=WEEKLY_EMAIL)
                           .values_list("pk", flat=True))
    assert [m.to for m in mail.outbox] == [[world.users["parent"].email]]
    assert "font-size: 24px" in mail.outbox[0].alternatives[0][0]
