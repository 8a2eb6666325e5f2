"""Due emails, decided from the database and sent once.

How it works (docs/architecture.md, "Reminders"):

1. Something becomes due: a feature calls ``schedule(...)`` (an invitation to send now), or a
   kind's ``scan`` function finds what is due (a complaint at day 14, a consent unanswered).
   Each due email is one ``Reminder`` row with a unique key (kind, object, recipient, due
   date), so finding it twice creates it once.
2. What is due now is queued after commit (``enqueue``): up to BATCH_SIZE reminders in one
   ``send_reminders`` task, all the tasks over one broker connection. The connection is tried
   once, for at most PUBLISH_CONNECT_TIMEOUT_SECONDS: a request that schedules emails while
   Redis is down answers at its normal speed, the failure is logged, the rows stay pending,
   and for BROKER_DOWN_SECONDS this process does not try again.
3. Celery beat runs ``scan()`` every REMINDER_SCAN_SECONDS: it creates the rows the kinds'
   scans find, then queues the due rows that were never queued (or whose queueing failed).
   A row queued long ago (REMINDER_CLAIM_TIMEOUT_SECONDS) and still not sent is queued again
   only when the broker's queue is empty: its task was lost (Redis restarted without its
   data) or its worker died. While tasks wait in the queue nothing is queued twice, so the
   queue never holds more tasks than there are due emails, however long the backlog.
4. A worker sends a batch over one SMTP connection. Each reminder is claimed with a
   conditional UPDATE (``Reminder.claim``: status "sending", committed before the send), so
   a redelivered task or a second worker sends nothing more; a claim left by a worker that
   died is given out again after REMINDER_CLAIM_TIMEOUT_SECONDS.
5. Just before sending, the kind's ``context`` function rebuilds the email from the current
   state of the database; it returns None when the email is no longer right to send (the
   invitation was withdrawn, the recipient lost the right to the child's information).

The guarantee: a due email is sent at least once, and exactly once unless a worker dies in
the moment between the SMTP server taking the email and the row being marked sent. SMTP
cannot be part of a database transaction, so that window cannot be closed; the email sent
again then carries the same Message-ID (``Reminder.message_id``), which mail systems use to
collapse duplicates.
"""

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django_scopes import scopes_disabled

from preschool.celery import app, queue_of
from preschool.i18n import interface_language
from preschool.lib.emails import send_templated
from preschool.metrics import send_failed
from preschool.models import Reminder, Setting, User
from preschool.tenancy import setting_scope

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BATCH_SIZE = 100  # reminders per task, sent over one SMTP connection
SCAN_LIMIT = 50_000  # reminders queued by one scan at most
PUBLISH_CONNECT_TIMEOUT_SECONDS = 0.5  # Redis answers in well under a millisecond when up
BROKER_DOWN_SECONDS = 10  # after a failed publish, this process leaves queueing to the scan
# The task that sends a batch. Its module (preschool.tasks) calls this one; this one finds it
# by name among the app's tasks (preschool.apps registers them), so neither imports the other
# in a circle.
SEND_REMINDERS = "preschool.tasks.send_reminders"


@dataclass(frozen=True)
class Due:
    object_key: str
    recipient_email: str
    due_at: datetime | None = None  # None: now
    recipient: User | None = None
    setting: Setting | None = None


@dataclass(frozen=True)
class ReminderKind:
    name: str
    template: str
    context: Callable[[Reminder], dict | None]
    scan: Callable[[datetime], Iterable[Due]] | None = None
    # The email gathers one person's news from every setting they belong to (the journal's
    # daily digest): its context is built with scopes disabled and must filter by recipient.
    spans_settings: bool = False


KINDS: dict[str, ReminderKind] = {}


def register(kind: ReminderKind) -> ReminderKind:
    KINDS[kind.name] = kind
    return kind


def schedule(kind: str, *, object_key: str, recipient_email: str, due_at: datetime | None = None,
             recipient=None, setting=None) -> Reminder:
    """Record that an email is due (once per key); queue it after commit if due already."""
    if kind not in KINDS:
        raise ValueError(f"Unknown reminder kind {kind!r}.")
    due_at = due_at or timezone.now()
    reminder, created = Reminder.objects.get_or_create(
        kind=kind, object_key=object_key, recipient_email=recipient_email.lower(),
        due_on=timezone.localdate(due_at),
        defaults={"due_at": due_at, "recipient": recipient, "setting": setting},
    )
    if created and due_at <= timezone.now():
        transaction.on_commit(lambda: enqueue([reminder.pk]))
    return reminder


def schedule_many(kind: str, dues: Iterable[Due]) -> int:
    """``schedule`` for many emails of one kind at once, in two queries however many: one
    INSERT that leaves out those already recorded (the unique key), and one read of those
    that are due and not queued yet, queued after commit. Returns how many were asked for."""
    if kind not in KINDS:
        raise ValueError(f"Unknown reminder kind {kind!r}.")
    now = timezone.now()
    rows: dict[tuple[str, str, date], Reminder] = {}
    for due in dues:
        due_at = due.due_at or now
        row = Reminder(kind=kind, object_key=due.object_key,
                       recipient_email=due.recipient_email.lower(),
                       due_on=timezone.localdate(due_at), due_at=due_at,
                       recipient=due.recipient, setting=due.setting)
        rows.setdefault((row.object_key, row.recipient_email, row.due_on), row)
    if not rows:
        return 0
    Reminder.objects.bulk_create(list(rows.values()), ignore_conflicts=True)
    waiting = (Reminder.objects
               .filter(kind=kind, status=Reminder.Status.PENDING, queued_at__isnull=True,
                       due_at__lte=now, object_key__in={key[0] for key in rows},
                       recipient_email__in={key[1] for key in rows},
                       due_on__in={key[2] for key in rows})
               .values_list("pk", "object_key", "recipient_email", "due_on"))
    ids = [pk for pk, *key in waiting if tuple(key) in rows]
    if ids:
        transaction.on_commit(lambda: enqueue(ids))
    return len(rows)


_broker_down_until = 0.0  # time.monotonic() before which publishing is not tried


def enqueue(reminder_ids: Iterable[int]) -> int:
    """Hand these reminders to the workers, BATCH_SIZE to a task, over one broker connection
    tried once and briefly; mark those handed over as queued. A broker that is down is
    logged, not raised: the rows stay pending and the next scan queues them. Returns how
    many were queued."""
    global _broker_down_until
    ids = list(reminder_ids)
    if not ids:
        return 0
    send_reminders = app.tasks[SEND_REMINDERS]
    queue = queue_of(SEND_REMINDERS)
    if time.monotonic() < _broker_down_until:
        log.info("The broker was down moments ago: %d reminders wait for the next scan.",
                 len(ids))
        return 0
    queued = 0
    try:
        with _broker_connection() as connection:
            for start in range(0, len(ids), BATCH_SIZE):
                batch = ids[start:start + BATCH_SIZE]
                send_reminders.apply_async((batch,), connection=connection, queue=queue)
                Reminder.objects.filter(pk__in=batch, status=Reminder.Status.PENDING).update(
                    queued_at=timezone.now())
                queued += len(batch)
    except Exception:  # kombu raises several types for an unreachable broker
        _broker_down_until = time.monotonic() + BROKER_DOWN_SECONDS
        log.warning("Could not queue %d reminders; the next scan will retry.",
                    len(ids) - queued, exc_info=True)
    return queued


def _broker_connection():
    """A connection for publishing that is tried once, for a short time: the default would
    retry for seconds, and a web request must not wait for a broker that is down."""
    return app.connection_for_write(
        connect_timeout=PUBLISH_CONNECT_TIMEOUT_SECONDS,
        transport_options={"max_retries": 0,
                           "socket_connect_timeout": PUBLISH_CONNECT_TIMEOUT_SECONDS})


def tasks_waiting() -> int | None:
    """How many tasks wait in the broker's queue for a worker (not those a worker holds);
    0 when tasks run in-process; None when the broker cannot be asked."""
    if app.conf.task_always_eager:
        return 0
    try:
        with _broker_connection() as connection:
            return connection.default_channel.queue_declare(
                queue=queue_of(SEND_REMINDERS)).message_count
    except Exception:  # as in enqueue
        log.warning("Could not read the broker's queue.", exc_info=True)
        return None


def scan(now: datetime | None = None, limit: int = SCAN_LIMIT) -> int:
    """Create what the kinds find due, then queue what is due and waiting. Returns how many
    reminders were queued."""
    now = now or timezone.now()
    # Asked first, before this scan queues anything: an empty queue means that what was
    # queued earlier has been taken by the workers or lost.
    broker_empty = tasks_waiting() == 0
    for kind in KINDS.values():
        if kind.scan is None:
            continue
        # A scan looks for what is due in every setting, so it runs with scopes disabled;
        # each Due it finds names its setting, and the email is built in that setting's scope.
        with scopes_disabled():
            schedule_many(kind.name, kind.scan(now))
    due = Q(status=Reminder.Status.PENDING, due_at__lte=now)
    waiting = due & Q(queued_at__isnull=True)
    if broker_empty:
        stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)
        waiting = (due & (Q(queued_at__isnull=True) | Q(queued_at__lt=stale))
                   | Q(status=Reminder.Status.SENDING, claimed_at__lt=stale))
    ids = Reminder.objects.filter(waiting).order_by("due_at").values_list("pk", flat=True)
    return enqueue(list(ids[:limit]))


def deliver_many(reminder_ids: Iterable[int]) -> dict[str, int]:
    """Send these reminders over one SMTP connection, each as ``deliver`` does (the rows read
    in one query). When the mail server cannot be reached, those not yet claimed are left for
    the next scan. Returns how many ended each way."""
    ids = list(reminder_ids)
    # With their recipients: each email is rendered in its recipient's language.
    rows = Reminder.objects.select_related("recipient").in_bulk(ids)
    results: dict[str, int] = {}
    connection = get_connection()
    try:
        for position, reminder_id in enumerate(ids):
            reminder = rows.get(reminder_id)
            result = _deliver(reminder, connection) if reminder else "missing"
            results[result] = results.get(result, 0) + 1
            if result != "retry":
                continue
            # The connection may be what failed: start another, or stop here.
            connection.close()
            try:
                connection.open()
            except Exception:
                log.warning("The mail server cannot be reached; %d reminders wait for the next "
                            "scan.", len(ids) - position - 1, exc_info=True)
                Reminder.objects.filter(pk__in=ids[position + 1:],
                                        status=Reminder.Status.PENDING).update(queued_at=None)
                results["left"] = len(ids) - position - 1
                break
    finally:
        connection.close()
    return results


def deliver(reminder_id: int) -> str:
    """Send one reminder if this call wins the claim. Returns what happened."""
    reminder = Reminder.objects.select_related("recipient").filter(pk=reminder_id).first()
    if reminder is None:
        return "missing"
    return _deliver(reminder)


def _deliver(reminder: Reminder, connection: BaseEmailBackend | None = None) -> str:
    # The claim (status "sending") is committed before the send: a second worker or a
    # redelivered task sends nothing more.
    if not reminder.claim(stale_after_seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS):
        return "already-claimed"
    kind = KINDS.get(reminder.kind)
    if kind is None:
        reminder.mark(Reminder.Status.FAILED, f"Unknown kind {reminder.kind!r}.")
        return "failed"
    # Built and rendered inside the reminder's setting's scope: the kind's context function
    # reads that setting's rows, and the template may read more.
    with scopes_disabled() if kind.spans_settings else setting_scope(reminder.setting_id):
        return _send(kind, reminder, connection)


def _send(kind: ReminderKind, reminder: Reminder, connection: BaseEmailBackend | None) -> str:
    # In the recipient's language: what the kind's context builds and the email's templates.
    with translation.override(interface_language(_preferred_language(reminder))):
        return _send_in_language(kind, reminder, connection)


def _preferred_language(reminder: Reminder) -> str | None:
    if reminder.recipient is not None:
        return reminder.recipient.preferred_language
    # An address with no account behind the reminder (an invitation, say): the account with
    # that address if there is one.
    return (User.objects.filter(email__iexact=reminder.recipient_email)
            .values_list("preferred_language", flat=True).first())


def _send_in_language(kind: ReminderKind, reminder: Reminder,
                      connection: BaseEmailBackend | None) -> str:
    context = kind.context(reminder)
    if context is None:
        reminder.mark(Reminder.Status.CANCELLED)
        return "cancelled"
    try:
        if connection is not None:
            connection.open()  # kept open for the batch (a no-op once open)
        send_templated(kind.template, reminder.recipient_email, context, connection=connection,
                       message_id=reminder.message_id)
    except Exception as exc:
        # The exception's type only: a mail server's refusal names the recipient's address.
        # The whole of it is kept on the row (last_error) for the operators.
        log.error("Sending reminder %s failed (%s).", reminder.pk, type(exc).__name__)
        send_failed("email")
        if reminder.attempts >= MAX_ATTEMPTS:
            reminder.mark(Reminder.Status.FAILED, repr(exc))
            return "failed"
        # Back to the queue: the next scan tries again.
        Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.SENDING).update(
            status=Reminder.Status.PENDING, queued_at=None, last_error=repr(exc)[:2000])
        return "retry"
    reminder.mark(Reminder.Status.SENT)
    return "sent"
