"""The bulk-access alarm's tasks (privacy/alarm.py): a check of one person, queued after a
page wrote looks, and beat's scan of the window every minute. Both are idempotent."""

from celery import shared_task

from preschool.models import Setting
from preschool.tenancy import setting_scope
from privacy import alarm


@shared_task(acks_late=True, ignore_result=True)
def check_person(setting_id: int, user_id: int) -> bool:
    """Check one person's looks in their setting; True if an alert about them is open."""
    setting = Setting.objects.filter(pk=setting_id).first()
    if setting is None:
        return False
    with setting_scope(setting):
        return alarm.check(setting, user_id) is not None


@shared_task(acks_late=True, ignore_result=True)
def scan_recent_looks() -> int:
    """Run by beat every minute: everyone over a threshold in any setting is checked."""
    return alarm.scan()
