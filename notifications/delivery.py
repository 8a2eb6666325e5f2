"""Delivery beyond the portal: email at once, daily and weekly digests, push.

1. ``notify`` records each notification with the person's channel for its category
   (notifications/preferences.py); after commit, ``queue`` hands the ids of those with
   something to deliver to the ``deliver_notifications`` task, BATCH_SIZE to a task.
2. The task (``deliver``) decides each one: when the person's quiet hours end, if it falls in
   them and is not urgent (``deliver_at``), then
   - email at once: a ``notification-email`` reminder (preschool/lib/reminders.py, the one
     outbox), due ``NOTIFICATION_EMAIL_DELAY_SECONDS`` after it was made (or when the quiet
     hours end); its context is None, and nothing is sent, if the person has read it in the
     portal by then or may no longer hear of the child;
   - daily or weekly digest: one ``notification-daily``/``notification-weekly`` reminder per
     person, setting and period (its unique key), listing what is still unread then;
   - push: the channel registered as "push" (notifications/channels.py), at once, or when
     the quiet hours end.
3. Beat runs ``deliver_waiting`` every minute: pushes whose quiet hours have ended, and any
   notification whose task was lost (Redis down at commit). Emails wait in the reminders'
   queue, which beat scans every REMINDER_SCAN_SECONDS.

A notification that the app which made it emails itself (``emailed_by_app``) gets no email or
digest here: one event, one email.
"""

import logging
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications import preferences
from notifications.channels import channel
from notifications.models import Channel, Notification
from preschool.lib.reminders import Due, schedule_many
from preschool.models import Membership
from preschool.tenancy import setting_scope

log = logging.getLogger(__name__)

BATCH_SIZE = 100
# Digests go out at this local hour (after the day's news), the weekly one on this weekday.
DIGEST_HOUR = 18
WEEKLY_DIGEST_WEEKDAY = 4  # Friday
# A notification whose task has not decided it after this long is decided by the beat scan.
LOST_AFTER = timedelta(minutes=2)
DELIVER_TASK = "notifications.tasks.deliver_notifications"

DIGEST_KINDS: dict[str, str] = {Channel.DAILY: "notification-daily",
                                Channel.WEEKLY: "notification-weekly"}


def queue(notifications: Iterable[Notification]) -> None:
    """After commit, hand those with something to deliver beyond the portal to the task.
    A broker that is down is logged: beat's ``deliver_waiting`` finds them later."""
    ids = [n.pk for n in notifications if n.channel != Channel.PORTAL]
    if not ids:
        return

    def publish():
        from preschool.celery import app, queue_of
        from preschool.lib import reminders

        task = app.tasks[DELIVER_TASK]
        batches = [ids[start:start + BATCH_SIZE] for start in range(0, len(ids), BATCH_SIZE)]
        if app.conf.task_always_eager:  # no broker (make run): in-process
            for batch in batches:
                task.apply(args=(batch,))
            return
        try:
            # The reminders' connection, tried once and briefly: a request never waits for a
            # broker that is down.
            with reminders._broker_connection() as connection:
                for batch in batches:
                    task.apply_async((batch,), connection=connection,
                                     queue=queue_of(DELIVER_TASK))
        except Exception:  # kombu raises several types for an unreachable broker
            log.warning("Could not queue %d notifications; beat will deliver them.", len(ids),
                        exc_info=True)

    transaction.on_commit(publish)


def digest_period(channel_name: str, moment: datetime) -> datetime:
    """The digest moment that lists a notification made at ``moment``: the next DIGEST_HOUR
    (daily), or the next WEEKLY_DIGEST_WEEKDAY at DIGEST_HOUR (weekly)."""
    local = timezone.localtime(moment)
    day = local.date()
    if channel_name == Channel.WEEKLY:
        day += timedelta(days=(WEEKLY_DIGEST_WEEKDAY - day.weekday()) % 7)
    at = timezone.make_aware(datetime.combine(day, time(DIGEST_HOUR)))
    if at <= local:
        at += timedelta(days=7 if channel_name == Channel.WEEKLY else 1)
    return at


def digest_key(setting, period_day: date) -> str:
    return f"{setting.uuid}:{period_day.isoformat()}"


def deliver(notification_ids: Iterable[int], now: datetime | None = None) -> int:
    """Decide and deliver these notifications (see the module docstring); each setting's in
    its scope. Safe to run twice: rows are taken with a lock and only once. Returns how many
    were delivered or handed to the email queue."""
    from django_scopes import scopes_disabled

    with scopes_disabled():
        by_setting = defaultdict(list)
        for pk, setting_id in (Notification.objects.filter(pk__in=list(notification_ids))
                               .values_list("pk", "setting_id")):
            by_setting[setting_id].append(pk)
    done = 0
    for setting_id, ids in by_setting.items():
        with setting_scope(setting_id):
            done += _deliver_in_setting(ids, now or timezone.now())
    return done


@transaction.atomic
def _deliver_in_setting(ids: list[int], now: datetime) -> int:
    rows = list(Notification.objects
                .filter(pk__in=ids, delivered_at__isnull=True)
                .exclude(channel=Channel.PORTAL)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient", "setting"))
    if not rows:
        return 0
    user_ids = {n.recipient_id for n in rows}
    memberships = {m.user_id: m for m in Membership.objects.active().filter(
        setting_id=rows[0].setting_id, user_id__in=user_ids)}
    quiet = preferences.quiet_hours_of(user_ids)
    emails, digests, pushes, changed = [], [], defaultdict(list), []
    for n in rows:
        membership, own_quiet = memberships.get(n.recipient_id), quiet.get(n.recipient_id)
        if n.deliver_at is None:
            n.deliver_at = preferences.held_until(n, membership=membership,
                                                  quiet=own_quiet) or n.created_at
        if n.channel == Channel.PUSH:
            if n.deliver_at > now:
                changed.append(n)  # waits for the end of the quiet hours (deliver_waiting)
                continue
            pushes[n.recipient_id].append(n)
        elif n.emailed_by_app:
            pass  # the app emails this event itself
        elif n.channel == Channel.EMAIL:
            delay = timedelta(0) if n.urgent else timedelta(
                seconds=settings.NOTIFICATION_EMAIL_DELAY_SECONDS)
            emails.append(Due(object_key=str(n.uuid), recipient_email=n.recipient.email,
                              recipient=n.recipient, setting=n.setting,
                              due_at=max(n.created_at + delay, n.deliver_at)))
        elif n.channel in DIGEST_KINDS:
            period = digest_period(n.channel, n.created_at)
            n.digest_on = timezone.localdate(period)
            due_at = preferences.not_quiet(period, membership=membership, quiet=own_quiet)
            digests.append((DIGEST_KINDS[n.channel],
                            Due(object_key=digest_key(n.setting, n.digest_on),
                                recipient_email=n.recipient.email, recipient=n.recipient,
                                setting=n.setting, due_at=due_at)))
        n.delivered_at = now
        changed.append(n)
    schedule_many("notification-email", emails)
    for kind in DIGEST_KINDS.values():
        schedule_many(kind, [due for k, due in digests if k == kind])
    send = channel(Channel.PUSH)
    for person in pushes.values():
        if send is not None:
            send(person)
        for n in person:
            n.delivered_at = now
    Notification.objects.bulk_update(changed, ["deliver_at", "delivered_at", "digest_on"])
    return sum(1 for n in changed if n.delivered_at is not None)


def deliver_waiting(now: datetime | None = None) -> int:
    """Run by beat: deliver what waited for the end of quiet hours, and what no task has
    decided (lost with the broker). One query to find them, then ``deliver``."""
    from django_scopes import scopes_disabled

    now = now or timezone.now()
    with scopes_disabled():
        ids = list(Notification.objects
                   .filter(delivered_at__isnull=True)
                   .exclude(channel=Channel.PORTAL)
                   .filter(Q(deliver_at__lte=now)
                           | Q(deliver_at__isnull=True, created_at__lte=now - LOST_AFTER))
                   .values_list("pk", flat=True)[:10_000])
    return deliver(ids, now) if ids else 0
