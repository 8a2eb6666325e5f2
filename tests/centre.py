"""Running the notification centre's delivery with the clock set by hand, for the apps' tests
(as tests/notifications/test_delivery.py does): the centre's task decides the notifications as
if made at a moment, then beat's scan and the workers send what is due at another."""

from datetime import datetime, time, timedelta
from unittest import mock

from django.core import mail
from django.utils import timezone
from django_scopes import scope

from notifications import delivery
from notifications.models import Notification
from preschool.lib import reminders

MONDAY = datetime(2026, 11, 23)  # a Monday in the past: a reminder is claimed when due


def at(hour: int, minute: int = 0, *, day: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(MONDAY.date() + timedelta(days=day),
                                                time(hour, minute)))


def made_at(setting, moment, notifications=None) -> list[Notification]:
    """The centre's task deciding ``notifications`` (default: every one not yet decided) as
    if they were made at ``moment``."""
    with scope(setting=setting):
        rows = (Notification.objects.filter(delivered_at__isnull=True, deliver_at__isnull=True)
                if notifications is None else notifications)
        ids = [n.pk for n in rows]
        Notification.objects.filter(pk__in=ids).update(created_at=moment)
        delivery.deliver(ids, now=moment)
        return list(Notification.objects.filter(pk__in=ids))


def scan(now) -> None:
    """Beat's scan at ``now``, and the workers sending what it queued."""
    with mock.patch.object(reminders, "enqueue") as enqueue:
        reminders.scan(now=now)
    for call in enqueue.call_args_list:
        reminders.deliver_many(call.args[0])


def emailed() -> list[str]:
    return sorted(m.to[0] for m in mail.outbox)
