from celery import shared_task

from offline.services import forget_unused_devices


@shared_task(acks_late=True)
def delete_unused_device_keys() -> int:
    """Nightly: the keys of browsers not seen for a week (offline.services)."""
    return forget_unused_devices()
