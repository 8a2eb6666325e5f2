from celery import shared_task

from notifications import delivery


@shared_task(acks_late=True, ignore_result=True)
def deliver_notifications(notification_ids: list[int]) -> int:
    """Decide and deliver a batch of notifications beyond the portal; safe to run twice."""
    return delivery.deliver(notification_ids)


@shared_task(acks_late=True, ignore_result=True)
def deliver_waiting_notifications() -> int:
    """Run by beat: what waited for the end of quiet hours, and what no task decided."""
    return delivery.deliver_waiting()
