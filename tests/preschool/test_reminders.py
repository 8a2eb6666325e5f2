"""Due emails: created once per key, claimed once, re-queued when the broker was down."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.utils import timezone

from preschool.lib import reminders
from preschool.lib.reminders import Due, ReminderKind
from preschool.models import Invitation, Reminder
from preschool.services import invite_person, revoke_invitation


@pytest.fixture
def chase_kind():
    """A kind whose scan finds one due email per pending invitation (like a chase)."""
    def scan(now):
        for inv in Invitation.objects.pending():
            yield Due(object_key=str(inv.uuid), recipient_email=inv.email, due_at=now,
                      setting=inv.setting)

    def context(reminder):
        inv = Invitation.objects.filter(uuid=reminder.object_key).first()
        return {"invitation": inv, "setting": inv.setting, "accept_url": "x", "valid_days": 7} \
            if inv and inv.is_usable else None

    kind = reminders.register(ReminderKind("test-chase", "invitation", context, scan))
    yield kind
    reminders.KINDS.pop("test-chase")


@pytest.fixture
def invitation(world):
    return invite_person(world.users["manager"], world.setting_a, email="chase@example.org",
                         role="parent")


def test_a_scan_that_runs_twice_creates_each_reminder_once(world, invitation, chase_kind):
    reminders.scan()
    reminders.scan()
    assert Reminder.objects.filter(kind="test-chase").count() == 1


def test_a_reminder_is_sent_once_however_often_it_is_delivered(world, invitation, chase_kind):
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan()
    reminder = Reminder.objects.get(kind="test-chase")
    results = [reminders.deliver(reminder.pk) for _ in range(3)]
    assert results.count("sent") == 1
    assert results.count("already-claimed") == 2
    assert len(mail.outbox) == 1
    reminder.refresh_from_db()
    assert reminder.status == "sent" and reminder.attempts == 1


def test_a_reminder_no_longer_right_to_send_is_cancelled(world, invitation, chase_kind):
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan()
    revoke_invitation(world.users["manager"], invitation)
    reminder = Reminder.objects.get(kind="test-chase")
    assert reminders.deliver(reminder.pk) == "cancelled"
    reminder.refresh_from_db()
    assert reminder.status == "cancelled"


def test_when_the_broker_is_down_the_next_scan_queues_it(world, invitation, chase_kind, settings):
    from preschool import tasks

    with mock.patch.object(tasks.send_reminder, "delay", side_effect=OSError("broker down")):
        assert reminders.scan() == 0
    reminder = Reminder.objects.get(kind="test-chase")
    assert reminder.status == "pending" and reminder.queued_at is None
    mail.outbox.clear()
    assert reminders.scan() >= 1  # broker back: queued (and, in-process here, sent)
    reminder.refresh_from_db()
    assert reminder.status == "sent"
    # The invitation's own email was waiting too: one email for each of the two reminders.
    assert Reminder.objects.filter(status="sent").count() == 2
    assert [m.to for m in mail.outbox] == [["chase@example.org"]] * 2


def test_a_claim_left_by_a_dead_worker_is_given_out_again(world, invitation, chase_kind,
                                                           settings):
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan()
    reminder = Reminder.objects.get(kind="test-chase")
    assert reminder.claim(stale_after_seconds=600)  # a worker claimed it, then died
    assert not reminder.claim(stale_after_seconds=600)
    Reminder.objects.filter(pk=reminder.pk).update(
        claimed_at=timezone.now() - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 1))
    mail.outbox.clear()
    assert reminders.deliver(reminder.pk) == "sent"
    assert len(mail.outbox) == 1


def test_a_failed_send_goes_back_to_the_queue(world, invitation, chase_kind):
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan()
    reminder = Reminder.objects.get(kind="test-chase")
    with mock.patch.object(reminders, "send_templated", side_effect=OSError("SMTP down")):
        assert reminders.deliver(reminder.pk) == "retry"
    reminder.refresh_from_db()
    assert reminder.status == "pending" and "SMTP down" in reminder.last_error
    assert reminders.deliver(reminder.pk) == "sent"


def test_reminders_not_yet_due_wait(world, invitation, chase_kind):
    later = timezone.now() + timedelta(days=2)
    reminder = reminders.schedule("test-chase", object_key="later", due_at=later,
                                  recipient_email="later@example.org")
    assert reminders.deliver(reminder.pk) == "already-claimed"
    reminder.refresh_from_db()
    assert reminder.status == "pending"


def test_unknown_kinds_are_refused(db):
    with pytest.raises(ValueError, match="Unknown reminder kind"):
        reminders.schedule("no-such-kind", object_key="1", recipient_email="a@example.org")
