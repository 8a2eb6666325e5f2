from celery import shared_task

from api.idempotency import delete_old_keys


@shared_task(acks_late=True)
def delete_old_idempotency_keys() -> int:
    """Answers kept for retries are receipts, not records: gone after IDEMPOTENCY_DAYS."""
    return delete_old_keys()
