"""Background work of web push. Tasks take ids and use acks_late."""

from collections import defaultdict

from celery import shared_task
from django_scopes import scopes_disabled

from preschool.tenancy import setting_scope
from push.delivery import deliver


@shared_task(acks_late=True, ignore_result=True)
def send_push(notification_ids: list[int]) -> int:
    """Push these notifications to their recipients' devices: one push a person, device and
    setting. Each setting's notifications are read in that setting's scope. At least once: a
    worker lost mid-way may push some of them again (a repeated "New message" is harmless,
    a lost one is not)."""
    from notifications.models import Notification

    with scopes_disabled():  # only to learn which settings' scopes to open
        setting_ids = set(Notification.objects.filter(pk__in=notification_ids)
                          .values_list("setting_id", flat=True))
    sent = 0
    for setting_id in sorted(setting_ids):
        with setting_scope(setting_id):
            by_person = defaultdict(list)
            for notification in (Notification.objects.filter(pk__in=notification_ids)
                                 .select_related("setting", "child", "recipient")
                                 .order_by("created_at", "pk")):
                by_person[notification.recipient_id].append(notification)
            for notifications in by_person.values():
                sent += deliver(notifications)
    return sent
