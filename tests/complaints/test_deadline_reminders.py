"""The manager handling a complaint is reminded on days 14, 21 and 27 (eyfs.md: the outcome
within 28 days of receipt), once each, and not after it is closed."""

from datetime import datetime, time, timedelta
from unittest import mock

from django.core import mail
from django.utils import timezone

from complaints.constants import REMINDER_DAYS, RESPONSE_DAYS
from complaints.models import Concern
from complaints.services import assign, close_with_outcome
from preschool.lib import reminders
from preschool.models import Reminder, Role
from tests.complaints.factories import concern
from tests.factories import MembershipFactory


def _scan_on(day: int, received_on):
    """Run the scan at 9:00 on the given day after receipt, queueing nothing."""
    moment = timezone.make_aware(datetime.combine(received_on + timedelta(days=day), time(9)))
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan(now=moment)
    return moment


def _due_now():
    """Reminders go out at 8:00; make them due now whatever time the test runs."""
    Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))


def _received(world, days_ago=0, **fields):
    return concern(world, received_at=timezone.now() - timedelta(days=days_ago), **fields)


def test_the_numbers_are_the_eyfs_ones():
    assert RESPONSE_DAYS == 28 and REMINDER_DAYS == (14, 21, 27)


def test_every_manager_is_reminded_while_nobody_is_assigned(world):
    complaint = _received(world)
    other = MembershipFactory(setting=world.setting_a, role=Role.MANAGER)
    _scan_on(13, complaint.received_on)
    assert not Reminder.objects.filter(kind="complaints-deadline").exists()
    _scan_on(14, complaint.received_on)
    rows = Reminder.objects.filter(kind="complaints-deadline")
    assert {r.recipient for r in rows} == {world.users["manager"], other.user}
    assert {r.object_key for r in rows} == {f"{complaint.uuid}:14"}


def test_the_assigned_manager_is_reminded_on_days_14_21_and_27_once_each(world):
    complaint = _received(world)
    second = MembershipFactory(setting=world.setting_a, role=Role.MANAGER)
    assign(world.users["manager"], complaint, second)
    for day in range(0, 30):
        _scan_on(day, complaint.received_on)
        _scan_on(day, complaint.received_on)  # a second scan the same day adds nothing
    rows = Reminder.objects.filter(kind="complaints-deadline").order_by("due_at")
    assert [r.object_key.split(":")[1] for r in rows] == ["14", "21", "27"]
    assert {r.recipient for r in rows} == {second.user}
    assert rows[0].due_on == complaint.received_on + timedelta(days=14)


def test_a_complaint_logged_late_sends_only_the_latest_reminder(world):
    complaint = _received(world, days_ago=22)
    _scan_on(22, complaint.received_on)
    assert [r.object_key.split(":")[1] for r in Reminder.objects.filter(
        kind="complaints-deadline")] == ["21"]


def test_the_email_says_how_long_is_left_and_is_not_sent_once_closed(world):
    complaint = _received(world, days_ago=21)
    _scan_on(21, complaint.received_on)
    _due_now()
    reminder = Reminder.objects.get(kind="complaints-deadline")
    assert reminders.deliver(reminder.pk) == "sent"
    email = mail.outbox[-1]
    assert email.to == ["manager@example.org"]
    assert "7 days" in email.subject and complaint.due_on.strftime("%-d %B %Y") in email.body
    # Closed before day 27: that reminder is created by nothing and sends nothing.
    close_with_outcome(world.users["manager"], complaint, outcome="Resolved.",
                       notified_via="email")
    _scan_on(27, complaint.received_on)
    assert Reminder.objects.filter(kind="complaints-deadline").count() == 1


def test_a_reminder_due_when_the_complaint_was_already_closed_is_cancelled(world):
    complaint = _received(world, days_ago=14)
    _scan_on(14, complaint.received_on)
    Concern.objects.filter(pk=complaint.pk).update(status="closed")
    _due_now()
    reminder = Reminder.objects.get(kind="complaints-deadline")
    assert reminders.deliver(reminder.pk) == "cancelled"


def test_queries_and_compliments_have_no_deadline(world):
    c = _received(world, kind=Concern.Kind.QUERY)
    _scan_on(14, c.received_on)
    assert not Reminder.objects.filter(kind="complaints-deadline").exists()


def test_nothing_is_reminded_after_the_due_date(world):
    complaint = _received(world, days_ago=40)
    _scan_on(40, complaint.received_on)
    assert not Reminder.objects.filter(kind="complaints-deadline").exists()
