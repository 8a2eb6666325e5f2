"""Managers are reminded of an open request 7 and 2 days before its deadline and once it is
overdue, each once; an extension moves the reminders; an answered request has none. The scan
runs with a frozen clock."""

from datetime import date, datetime, time, timedelta
from unittest import mock

from django.core import mail
from django.utils import timezone

from preschool.lib import reminders
from preschool.models import Reminder, Role
from subject_access import services
from subject_access.models import SubjectAccessRequest
from subject_access.reminder_kinds import milestone
from tests.factories import MembershipFactory
from tests.subject_access.factories import sar

RECEIVED = date(2027, 1, 31)  # due 28 February 2027


def _at(day: date, hour: int = 9):
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _scan_on(day: date):
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan(now=_at(day))


def _marks():
    return [r.object_key.split(":", 1)[1] for r in
            Reminder.objects.filter(kind="subject-access-due").order_by("due_at")]


def test_the_milestones():
    deadline = date(2027, 2, 28)
    assert milestone(deadline, date(2027, 2, 20)) is None
    assert milestone(deadline, date(2027, 2, 21)) == "7"
    assert milestone(deadline, date(2027, 2, 26)) == "2"
    assert milestone(deadline, date(2027, 2, 28)) == "2"
    assert milestone(deadline, date(2027, 3, 1)) == "overdue"


def test_every_manager_is_reminded_7_and_2_days_before_and_when_overdue_once_each(world):
    request = sar(world, received_at=_at(RECEIVED))
    second = MembershipFactory(setting=world.setting_a, role=Role.MANAGER)
    day = RECEIVED
    while day <= date(2027, 3, 10):
        _scan_on(day)
        _scan_on(day)  # a second scan the same day adds nothing
        day += timedelta(days=1)
    assert _marks() == ["2027-02-28:7"] * 2 + ["2027-02-28:2"] * 2 + ["2027-02-28:overdue"] * 2
    rows = Reminder.objects.filter(kind="subject-access-due")
    assert {r.recipient for r in rows} == {world.users["manager"], second.user}
    assert {r.due_at for r in rows} == {_at(date(2027, 2, 21), 8), _at(date(2027, 2, 26), 8),
                                        _at(date(2027, 3, 1), 8)}
    assert all(r.object_key.startswith(str(request.uuid)) for r in rows)


def test_the_email_says_when_it_is_due_and_is_not_sent_once_answered(world):
    request = sar(world, received_at=timezone.now() - timedelta(days=25))
    _scan_on(timezone.localdate())
    reminder = Reminder.objects.get(kind="subject-access-due",
                                    recipient=world.users["manager"])
    Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    assert reminders.deliver(reminder.pk) == "sent"
    assert "Ava Parentchild" in mail.outbox[-1].subject
    assert request.get_absolute_url() in mail.outbox[-1].body
    assert "days left" in mail.outbox[-1].body

    answered = sar(world, received_at=timezone.now() - timedelta(days=25))
    _scan_on(timezone.localdate())
    late = Reminder.objects.get(kind="subject-access-due", object_key__startswith=str(
        answered.uuid))
    services.refuse(world.users["manager"], answered, reason="Identity not shown.")
    Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))
    sent_before = len(mail.outbox)
    assert reminders.deliver(late.pk) != "sent"
    assert len(mail.outbox) == sent_before


def test_an_extension_moves_the_reminders(world):
    request = sar(world, received_at=_at(RECEIVED))
    _scan_on(date(2027, 2, 21))
    assert _marks() == ["2027-02-28:7"]
    with mock.patch("django.utils.timezone.now", return_value=_at(date(2027, 2, 21))):
        services.extend(world.users["manager"], request, months=1, reason="Complex.")
    request.refresh_from_db()
    assert request.deadline == date(2027, 3, 28)
    day = date(2027, 2, 22)
    while day <= date(2027, 3, 30):
        _scan_on(day)
        day += timedelta(days=1)
    assert _marks() == ["2027-02-28:7", "2027-03-28:7", "2027-03-28:2", "2027-03-28:overdue"]
    # The reminder of the old deadline is no longer sent.
    old = Reminder.objects.get(object_key=f"{request.uuid}:2027-02-28:7")
    assert reminders.KINDS["subject-access-due"].context(old) is None


def test_answered_requests_are_not_reminded(world):
    for status in SubjectAccessRequest.ANSWERED:
        sar(world, received_at=_at(RECEIVED), status=status)
    _scan_on(date(2027, 3, 5))
    assert not Reminder.objects.filter(kind="subject-access-due").exists()
