"""A consent chase is sent exactly once, with a real Celery worker, even when a worker died
holding the claim and another is killed and restarted (DESIGN.md, "Claim work once")."""

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from preschool.lib import reminders
from preschool.models import Reminder
from tests.consents.factories import default_forms
from tests.preschool.test_celery_worker import BROKER, QUEUE, _redis_up

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.worker


@pytest.fixture
def start_worker(transactional_db, tmp_path):
    """``start_worker()`` starts `celery -A preschool worker --pool=solo` against this test's
    database and Redis; returns the process. Every worker started is stopped at the end."""
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI for the Celery worker test.")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        url = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
               f"{db['PORT'] or 5432}/{db['NAME']}")
    else:
        url = f"sqlite:///{db['NAME']}"
    outbox = tmp_path / "mail"
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": BROKER,
           "EMAIL_BACKEND": "file", "EMAIL_FILE_PATH": str(outbox), "DEBUG": "false",
           "CACHE_URL": "db://", "CELERY_QUEUE": QUEUE}
    processes, logs = [], []

    def start():
        log = open(tmp_path / f"worker{len(processes)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "preschool", "worker", "--pool=solo",
             "--concurrency=1", "--loglevel=info", "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        processes.append(process)
        logs.append(log)
        return process

    start.outbox = outbox
    start.logs = lambda: "".join(p.read_text() for p in tmp_path.glob("worker*.log"))
    yield start
    for process in processes:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
    for log in logs:
        log.close()


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


def test_a_chase_claimed_by_a_dead_worker_is_sent_exactly_once(world, start_worker):
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
    sender = Celery(broker=BROKER)
    sender.send_task("preschool.tasks.scan_reminders", queue=QUEUE)
    assert _wait_for(lambda: Reminder.objects.get(pk=reminder.pk).status == "sent"), \
        start_worker.logs()[-3000:]
    assert _wait_for(lambda: _emails_to(start_worker.outbox, pat) == 1)

    # Kill the worker without warning, start another, and deliver everything again: a
    # scan, and the same task twice (as a broker redelivers after a crash).
    worker.send_signal(signal.SIGKILL)
    worker.wait(timeout=10)
    start_worker()
    sender.send_task("preschool.tasks.scan_reminders", queue=QUEUE)
    sender.send_task("preschool.tasks.send_reminder", args=[reminder.pk], queue=QUEUE)
    sender.send_task("preschool.tasks.send_reminder", args=[reminder.pk], queue=QUEUE)
    assert _wait_for(lambda: start_worker.logs().count("already-claimed") >= 2), \
        start_worker.logs()[-3000:]
    time.sleep(2)
    reminder.refresh_from_db()
    assert reminder.status == "sent" and reminder.attempts == 2
    assert _emails_to(start_worker.outbox, pat) == 1
    assert Reminder.objects.filter(kind="consents-chase", recipient_email=pat).count() == 1
    sender.close()
