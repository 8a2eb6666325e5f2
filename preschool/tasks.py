from celery import shared_task

from preschool.lib import reminders
from preschool.lib.emails import send_message


@shared_task(acks_late=True, ignore_result=True)
def send_reminders(reminder_ids: list[int]) -> dict[str, int]:
    """Send a batch of due reminders over one SMTP connection; safe to run twice (each row is
    claimed first)."""
    return reminders.deliver_many(reminder_ids)


@shared_task(acks_late=True, ignore_result=True)
def send_reminder(reminder_id: int) -> str:
    """Send one due reminder; safe to run twice (the row is claimed first). Kept for tasks
    queued one by one (before batches)."""
    return reminders.deliver(reminder_id)


@shared_task(acks_late=True, ignore_result=True)
def scan_reminders() -> int:
    """Run by beat: create what is due and queue what is waiting."""
    return reminders.scan()


@shared_task(acks_late=True, ignore_result=True, autoretry_for=(OSError,),
             retry_backoff=True, max_retries=5)
def send_email_message(to: list[str], subject: str, text: str, html: str | None = None,
                       from_email: str | None = None) -> None:
    """Send an already-rendered account email (sign-in security notices, password reset)."""
    send_message(to, subject, text, html, from_email)
