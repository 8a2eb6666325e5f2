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


@pytest.fixture(autouse=True)
def broker_not_known_down(monkeypatch):
    """Each test starts without an earlier test's failed publish remembered."""
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)


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

    with mock.patch.object(tasks.send_reminders, "apply_async", side_effect=OSError("down")):
        assert reminders.scan() == 0
    reminder = Reminder.objects.get(kind="test-chase")
    assert reminder.status == "pending" and reminder.queued_at is None
    mail.outbox.clear()
    assert reminders.scan() == 0  # moments later: not tried again, left for the next scan
    reminders._broker_down_until = 0.0  # BROKER_DOWN_SECONDS later
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


def _dues(world, n, *, due_at=None):
    return [Due(object_key="many", recipient_email=f"Family{i}@Example.org", due_at=due_at,
                setting=world.setting_a) for i in range(n)]


def test_schedule_many_records_each_email_once_in_a_fixed_number_of_queries(
        world, chase_kind, django_assert_num_queries, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, django_assert_num_queries(2):
        assert reminders.schedule_many("test-chase", _dues(world, 1)) == 1
    with django_capture_on_commit_callbacks(), django_assert_num_queries(2):
        assert reminders.schedule_many("test-chase", _dues(world, 30)) == 30
    rows = Reminder.objects.filter(kind="test-chase", object_key="many")
    assert rows.count() == 30  # the first family's email is not made twice
    assert set(rows.values_list("recipient_email", flat=True)) == {
        f"family{i}@example.org" for i in range(30)}
    assert len(callbacks) == 1


def test_schedule_many_queues_what_is_due_after_commit_and_lets_the_rest_wait(
        world, chase_kind, django_capture_on_commit_callbacks):
    later = timezone.now() + timedelta(days=2)
    with mock.patch.object(reminders, "enqueue") as enqueue, \
            django_capture_on_commit_callbacks(execute=True):
        reminders.schedule_many("test-chase", _dues(world, 3))
        reminders.schedule_many("test-chase", [Due(object_key="later",
                                                   recipient_email="later@example.org",
                                                   due_at=later)])
    assert enqueue.call_count == 1  # the email due in two days waits for the scan
    assert sorted(enqueue.call_args.args[0]) == sorted(
        Reminder.objects.filter(object_key="many").values_list("pk", flat=True))
    Reminder.objects.filter(object_key="many").update(queued_at=timezone.now())
    with mock.patch.object(reminders, "enqueue") as enqueue, \
            django_capture_on_commit_callbacks(execute=True):
        reminders.schedule_many("test-chase", _dues(world, 3))  # queued already: not again
    enqueue.assert_not_called()


def test_enqueue_marks_what_the_broker_took(world, chase_kind, monkeypatch):
    from preschool import tasks

    reminders.schedule_many("test-chase", _dues(world, 3))
    rows = list(Reminder.objects.filter(object_key="many").order_by("pk"))
    Reminder.objects.update(queued_at=None)
    monkeypatch.setattr(reminders, "BATCH_SIZE", 2)
    batches = []

    def apply_async(args, **options):
        batches.append(args[0])
        if len(batches) == 2:
            raise OSError("broker down")

    with mock.patch.object(tasks.send_reminders, "apply_async", side_effect=apply_async):
        assert reminders.enqueue([row.pk for row in rows]) == 2
    assert batches == [[rows[0].pk, rows[1].pk], [rows[2].pk]]
    taken = Reminder.objects.filter(queued_at__isnull=False).order_by("pk")
    assert [row.pk for row in taken] == [rows[0].pk, rows[1].pk]


def _invitation_emails(world, n) -> list[Reminder]:
    """n invitations' emails, due and not queued (nothing here commits)."""
    for i in range(n):
        invite_person(world.users["manager"], world.setting_a, email=f"family{i}@example.org",
                      role="parent")
    return list(Reminder.objects.filter(kind="invitation").order_by("pk"))


def test_every_send_of_a_reminder_carries_the_message_id_made_from_its_key(world):
    first, second = _invitation_emails(world, 2)
    for row in (first, second):
        assert reminders.deliver(row.pk) == "sent"
    assert first.message_id != second.message_id
    assert first.message_id.startswith("<reminder.") and first.message_id.endswith("@localhost>")
    sent_ids = [m.message()["Message-ID"] for m in mail.outbox]
    # Sent again after a crash between the send and the mark: the same Message-ID.
    Reminder.objects.filter(pk=first.pk).update(status="pending")
    mail.outbox.clear()
    assert reminders.deliver(first.pk) == "sent"
    assert mail.outbox[0].message()["Message-ID"] == first.message_id
    assert sorted(sent_ids) == sorted([first.message_id, second.message_id])


@pytest.fixture
def smtp(settings):
    """The portal's SMTP backend pointed at a mail server on 127.0.0.1 that keeps what it gets."""
    from tests.smtp_sink import SMTPSink

    with SMTPSink() as sink:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", sink.port
        settings.EMAIL_USE_TLS = False
        yield sink


def test_a_batch_is_sent_over_one_smtp_connection(world, smtp):
    rows = _invitation_emails(world, 5)
    assert reminders.deliver_many([row.pk for row in rows]) == {"sent": 5}
    assert smtp.connections == 1
    assert smtp.message_ids() == [row.message_id for row in rows]
    assert reminders.deliver_many([row.pk for row in rows]) == {"already-claimed": 5}
    assert len(smtp.messages) == 5


def test_when_the_mail_server_is_down_the_rest_of_the_batch_waits_for_the_scan(
        world, settings):
    import socket

    with socket.socket() as closed:  # a port with nothing listening once closed
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    rows = _invitation_emails(world, 4)
    Reminder.objects.update(queued_at=timezone.now())
    assert reminders.deliver_many([row.pk for row in rows]) == {"retry": 1, "left": 3}
    for row in rows:
        row.refresh_from_db()
    assert [(row.status, row.attempts, row.queued_at) for row in rows] == [
        ("pending", 1, None)] + [("pending", 0, None)] * 3
    assert "Connection refused" in rows[0].last_error
