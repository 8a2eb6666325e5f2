"""A worker killed after the mail server took an email but before the row was marked sent:
the email goes again once the claim times out, with the same Message-ID, and every other
email of its batch goes once (a real Celery worker, Redis and an SMTP server on 127.0.0.1)."""

import os
import signal
import time
from collections import Counter
from datetime import timedelta
from unittest import mock

import pytest
from django.conf import settings
from django.utils import timezone

from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import invite_person
from tests.smtp_sink import SMTPSink

pytestmark = pytest.mark.worker


@pytest.fixture
def start_worker(celery_worker):
    """``start_worker(smtp_port)`` starts a real worker that sends through the SMTP server on
    that port; returns its process."""
    def start(smtp_port: int):
        return celery_worker.start(EMAIL_BACKEND="smtp", EMAIL_HOST="127.0.0.1",
                                   EMAIL_PORT=str(smtp_port), EMAIL_USE_TLS="false",
                                   EMAIL_TIMEOUT="5")
    return start


def _wait_for(predicate, seconds=60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


def test_an_email_sent_again_after_a_crash_carries_the_same_message_id(world, celery_worker,
                                                                      start_worker):
    with mock.patch.object(reminders, "enqueue"):  # due, left for the worker's scan
        for name in ("ada", "ben", "cy"):
            invite_person(world.users["manager"], world.setting_a,
                          email=f"{name}@example.org", role="parent")
    # The invitations' emails only: on a Friday afternoon the scan also finds the week's
    # news email due (news/weekly.py), which has nothing to say here and is cancelled.
    invitations = Reminder.objects.filter(kind="invitation")
    rows = list(invitations.order_by("due_at"))
    worker = {}

    def kill_the_worker_once(message):
        # The server has the email; the worker is killed before it can mark the row sent.
        if "crashed" not in worker:
            worker["crashed"] = True
            os.kill(worker["process"].pid, signal.SIGKILL)

    with SMTPSink(on_message=kill_the_worker_once) as sink:
        worker["process"] = start_worker(sink.port)
        celery_worker.send_task("preschool.tasks.scan_reminders")
        worker["process"].wait(timeout=60)
        assert worker["process"].returncode == -signal.SIGKILL, celery_worker.logs()[-3000:]
        assert sink.message_ids() == [rows[0].message_id]
        assert [r.status for r in invitations.order_by("due_at")] == [
            "sending", "pending", "pending"]

        # Later than the claim timeout, another worker's scan finds the broker's queue empty
        # (the batch died with its worker) and queues the three again.
        stale = timezone.now() - timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 1)
        invitations.update(claimed_at=stale, queued_at=stale)
        start_worker(sink.port)
        celery_worker.send_task("preschool.tasks.scan_reminders")
        assert _wait_for(lambda: not invitations.exclude(status="sent").exists()), \
            celery_worker.logs()[-3000:]
        time.sleep(1)
        sent = Counter(sink.message_ids())
    assert sent == {rows[0].message_id: 2, rows[1].message_id: 1, rows[2].message_id: 1}
    assert [r.attempts for r in invitations.order_by("due_at")] == [2, 1, 1]
