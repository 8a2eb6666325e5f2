"""A real Celery worker, with Redis as broker, sends a due reminder exactly once."""

import time
from unittest import mock

import pytest
from django.conf import settings

from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import invite_person

pytestmark = pytest.mark.worker


def test_a_worker_scans_and_sends_a_due_reminder_exactly_once(world, celery_worker, tmp_path):
    outbox = tmp_path / "mail"
    celery_worker.start(EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(outbox))
    # Record the invitation's email as due without queueing it: the worker's scan finds it.
    with mock.patch.object(reminders, "enqueue"):
        invitation = invite_person(world.users["manager"], world.setting_a,
                                   email="worker@example.org", role="parent")
    reminder = Reminder.objects.get(kind="invitation")
    assert reminder.status == "pending"

    celery_worker.send_task("preschool.tasks.scan_reminders")
    # A duplicate delivery of the same task, as after a retry, must send nothing more.
    celery_worker.send_task("preschool.tasks.send_reminder", reminder.pk)
    celery_worker.send_task("preschool.tasks.send_reminder", reminder.pk)
    # Done when the reminder is sent and both duplicates have been turned away.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        reminder.refresh_from_db()
        if reminder.status == "sent" and celery_worker.logs().count("already-claimed") >= 2:
            break
        time.sleep(0.3)
    assert reminder.status == "sent", celery_worker.logs()[-3000:]
    assert reminder.attempts == 1
    assert celery_worker.logs().count("already-claimed") == 2
    bodies = "".join(f.read_text() for f in outbox.glob("*.log"))
    assert bodies.count("Subject:") == 1, bodies
    assert settings.SITE_URL + invitation.get_accept_url() in bodies
