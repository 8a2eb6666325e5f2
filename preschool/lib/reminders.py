"""Due emails, decided from the database and sent exactly once.

How it works (DESIGN.md, "Reminders and notifications"):

1. Something becomes due: a feature calls ``schedule(...)`` (an invitation to send now), or a
   kind's ``scan`` function finds what is due (a complaint at day 14, a consent unanswered).
   Each due email is one ``Reminder`` row with a unique key (kind, object, recipient, due
   date), so finding it twice creates it once.
2. Celery beat runs ``scan()`` every REMINDER_SCAN_SECONDS: it creates the rows the kinds'
   scans find, then queues every pending row that is due and not queued recently. A row whose
   queueing failed (broker down) is simply queued by a later scan.
3. The ``send_reminder`` task claims the row with a conditional UPDATE (``Reminder.claim``)
   before sending, so a redelivered task or a second worker sends nothing more. A row claimed
   by a worker that died is given out again after REMINDER_CLAIM_TIMEOUT_SECONDS.
4. Just before sending, the kind's ``context`` function rebuilds the email from the current
   state of the database; it returns None when the email is no longer right to send (the
   invitation was withdrawn, the recipient lost the right to the child's information).
"""

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from preschool.lib.emails import send_templated
from preschool.models import Reminder

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class Due:
    object_key: str
    recipient_email: str
    due_at: datetime | None = None  # None: now
    recipient: object = None
    setting: object = None


@dataclass(frozen=True)
class ReminderKind:
    name: str
    template: str
    context: Callable[[Reminder], dict | None]
    scan: Callable[[datetime], Iterable[Due]] | None = None


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
        transaction.on_commit(lambda: enqueue(reminder.pk))
    return reminder


def schedule_many(kind: str, dues: Iterable[Due]) -> int:
    """``schedule`` for many emails of one kind at once, in two queries however many: one
    INSERT that leaves out those already recorded (the unique key), and one read of those
    that are due and not queued yet, queued after commit. Returns how many were asked for."""
    if kind not in KINDS:
        raise ValueError(f"Unknown reminder kind {kind!r}.")
    now = timezone.now()
    rows = {}
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
        transaction.on_commit(lambda: enqueue_many(ids))
    return len(rows)


def enqueue_many(reminder_ids) -> int:
    """``enqueue`` for many: each is handed to a worker, then those queued are marked in one
    UPDATE. Returns how many were queued."""
    from preschool.tasks import send_reminder

    queued = []
    for reminder_id in reminder_ids:
        try:
            send_reminder.delay(reminder_id)
        except Exception:  # kombu raises several types for an unreachable broker
            log.warning("Could not queue reminder %s; the next scan will retry.", reminder_id,
                        exc_info=True)
            continue
        queued.append(reminder_id)
    if queued:
        Reminder.objects.filter(pk__in=queued, status=Reminder.Status.PENDING).update(
            queued_at=timezone.now())
    return len(queued)


def enqueue(reminder_id: int) -> bool:
    """Hand the reminder to a worker. A broker that is down is logged, not raised: the row
    stays pending and the next scan queues it again."""
    from preschool.tasks import send_reminder

    try:
        send_reminder.delay(reminder_id)
    except Exception:  # kombu raises several types for an unreachable broker
        log.warning("Could not queue reminder %s; the next scan will retry.", reminder_id,
                    exc_info=True)
        return False
    Reminder.objects.filter(pk=reminder_id, status=Reminder.Status.PENDING).update(
        queued_at=timezone.now())
    return True


def scan(now: datetime | None = None, batch: int = 500) -> int:
    """Create what the kinds find due, then queue what is due and waiting. Returns how many
    reminders were queued."""
    now = now or timezone.now()
    for kind in KINDS.values():
        if kind.scan is None:
            continue
        schedule_many(kind.name, kind.scan(now))
    stale = now - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS)
    waiting = Reminder.objects.filter(
        Q(status=Reminder.Status.PENDING, due_at__lte=now)
        & (Q(queued_at__isnull=True) | Q(queued_at__lt=stale))
        | Q(status=Reminder.Status.SENDING, claimed_at__lt=stale)
    ).order_by("due_at").values_list("pk", flat=True)[:batch]
    return sum(1 for pk in list(waiting) if enqueue(pk))


def deliver(reminder_id: int) -> str:
    """Send one reminder if this call wins the claim. Returns what happened."""
    reminder = Reminder.objects.filter(pk=reminder_id).first()
    if reminder is None:
        return "missing"
    if not reminder.claim(stale_after_seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS):
        return "already-claimed"
    reminder.refresh_from_db()
    kind = KINDS.get(reminder.kind)
    if kind is None:
        reminder.mark(Reminder.Status.FAILED, f"Unknown kind {reminder.kind!r}.")
        return "failed"
    context = kind.context(reminder)
    if context is None:
        reminder.mark(Reminder.Status.CANCELLED)
        return "cancelled"
    try:
        send_templated(kind.template, reminder.recipient_email, context)
    except Exception as exc:
        log.exception("Sending reminder %s failed.", reminder_id)
        if reminder.attempts >= MAX_ATTEMPTS:
            reminder.mark(Reminder.Status.FAILED, repr(exc))
            return "failed"
        # Back to the queue: the next scan tries again.
        Reminder.objects.filter(pk=reminder.pk, status=Reminder.Status.SENDING).update(
            status=Reminder.Status.PENDING, queued_at=None, last_error=repr(exc)[:2000])
        return "retry"
    reminder.mark(Reminder.Status.SENT)
    return "sent"
