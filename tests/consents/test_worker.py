"""A consent chase is sent exactly once, with a real Celery worker, even when a worker died
holding the claim and another is killed and restarted (docs/architecture.md, "Reminders": work
is claimed once)."""

import signal
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from preschool.lib import reminders
from preschool.models import Reminder
from tests.consents.factories import default_forms

pytestmark = pytest.mark.worker


def _wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def _emails_to(outbox, address) -> int:
    texts = [f.read_text() for f in outbox.glob("*.log")] if outbox.exists() else []
    return sum(text.count(f"To: {address}") for text in texts)


def test_a_chase_claimed_by_a_dead_worker_is_sent_exactly_once(world, celery_worker, tmp_path):
    outbox = tmp_path / "mail"

    def start_worker():
        return celery_worker.start(EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(outbox))

    default_forms(world.setting_a)
    pat = world.users["parent"].email
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan()
    reminder = Reminder.objects.get(kind="consents-chase", recipient_email=pat)
    # A worker claimed it long ago and died before sending (as after kill -9 mid-send).
    stale = timezone.now() - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 60)
    Reminder.objects.filter(pk=reminder.pk).update(status=Reminder.Status.SENDING,
                                                   claimed_at=stale, attempts=1)

    worker = start_worker()
    celery_worker.send_task("preschool.tasks.scan_reminders")
    assert _wait_for(lambda: Reminder.objects.get(pk=reminder.pk).status == "sent"), \
        celery_worker.logs()[-3000:]
    assert _wait_for(lambda: _emails_to(outbox, pat) == 1)

    # Kill the worker without warning, start another, and deliver everything again: a
    # scan, and the same task twice (as a broker redelivers after a crash).
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    start_worker()
    celery_worker.send_task("preschool.tasks.scan_reminders")
    celery_worker.send_task("preschool.tasks.send_reminder", reminder.pk)
    celery_worker.send_task("preschool.tasks.send_reminder", reminder.pk)
    assert _wait_for(lambda: celery_worker.logs().count("already-claimed") >= 2), \
        celery_worker.logs()[-3000:]
    time.sleep(2)
    reminder.refresh_from_db()
    assert reminder.status == "sent" and reminder.attempts == 2
    assert _emails_to(outbox, pat) == 1
    assert Reminder.objects.filter(kind="consents-chase", recipient_email=pat).count() == 1
