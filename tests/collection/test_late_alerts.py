"""A child not collected: after the setting's alert time the manager is alerted and the family
told (due emails found by the reminder scan, sent once); nothing is sent once the child has
gone home."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from attendance.models import AttendanceSettings
from collection import services
from families.models import ChildAdult
from preschool.lib import reminders
from preschool.models import Reminder
from tests.attendance.factories import RecordFactory, all_day, ended

# These tests scan every kind of email; the weekly one is due at the weekend.
pytestmark = pytest.mark.usefixtures("without_the_weekly_email")


def _ended_yesterday(world):
    """A child still here from a session that ended yesterday: the alert time (16 minutes
    after the end) has passed whatever the time of day, as the claim before each send asks
    (a session ending today just after midnight would be due in the future until 00:16)."""
    return RecordFactory(child=world.child, session=ended(world),
                         date=timezone.localdate() - timedelta(days=1))


def _scan(sent, now=None):
    with sent():
        reminders.scan(now=now)


def test_the_manager_and_the_family_are_told_once(world, sent):
    record = _ended_yesterday(world)
    later = record.session_end() + timedelta(minutes=16)
    _scan(sent, later)
    kinds = sorted(Reminder.objects.values_list("kind", "recipient_email"))
    assert kinds == [("collection-late-family", world.users["parent"].email),
                     ("collection-late-manager", world.users["manager"].email)]
    by_to = {m.to[0]: m for m in mail.outbox}
    manager_mail = by_to[world.users["manager"].email]
    assert "Not collected: Ava Parentchild" in manager_mail.subject
    assert "Keep the child with two members of staff" in manager_mail.body  # the procedure
    family_mail = by_to[world.users["parent"].email]
    assert "Ava has not been collected" in family_mail.subject
    # Casey (no right to information) and the restricted father are not told.
    assert world.users["carer_no_info"].email not in by_to
    _scan(sent, later + timedelta(minutes=5))
    assert len(mail.outbox) == 2


def test_nothing_is_due_before_the_alert_time(world, sent):
    AttendanceSettings.objects.create(setting=world.setting_a, late_alert_minutes=30)
    record = RecordFactory(child=world.child, session=ended(world))
    _scan(sent, record.session_end() + timedelta(minutes=29))
    assert not Reminder.objects.exists()


def test_a_child_collected_meanwhile_is_not_reported(world, sent):
    record = _ended_yesterday(world)
    later = record.session_end() + timedelta(minutes=16)
    with sent():
        for due in reminders.KINDS["collection-late-family"].scan(later):
            reminders.Reminder.objects.create(
                kind="collection-late-family", object_key=due.object_key,
                recipient_email=due.recipient_email, recipient=due.recipient,
                due_on=timezone.localdate(due.due_at), due_at=due.due_at)
    ChildAdult.objects.filter(user=world.users["parent"]).update(may_collect=True)
    pat = world.child.adults.get(user=world.users["parent"])
    services.sign_out(world.users["key_person"], record, token=f"adult:{pat.uuid}",
                      late_reason="Bus broke down", now=later)
    reminder = Reminder.objects.get()
    assert reminders.deliver(reminder.pk) == "cancelled"
    assert not mail.outbox


def test_a_child_on_time_is_not_reported(world, sent):
    RecordFactory(child=world.child, session=all_day(world))
    _scan(sent)
    assert not Reminder.objects.filter(kind__startswith="collection-late").exists()
