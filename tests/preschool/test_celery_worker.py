"""A real Celery worker, with Redis as broker, sends a due reminder exactly once."""

import os
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from unittest import mock

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection

from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import invite_person

ROOT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
# Each test run has its own queue, so runs that share a Redis never take each other's tasks.
QUEUE = f"test-{uuid.uuid4().hex}"

pytestmark = pytest.mark.worker


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def worker(transactional_db, tmp_path):
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
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "preschool", "worker", "--pool=solo",
         "--concurrency=1", "--loglevel=info", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    yield outbox, tmp_path / "worker.log"
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


def test_a_worker_scans_and_sends_a_due_reminder_exactly_once(world, worker):
    outbox, log = worker
    # Record the invitation's email as due without queueing it: the worker's scan finds it.
    with mock.patch.object(reminders, "enqueue"):
        invitation = invite_person(world.users["manager"], world.setting_a,
                                   email="worker@example.org", role="parent")
    reminder = Reminder.objects.get(kind="invitation")
    assert reminder.status == "pending"

    sender = Celery(broker=BROKER)
    sender.send_task("preschool.tasks.scan_reminders", queue=QUEUE)
    # A duplicate delivery of the same task, as after a retry, must send nothing more.
    sender.send_task("preschool.tasks.send_reminder", args=[reminder.pk], queue=QUEUE)
    sender.send_task("preschool.tasks.send_reminder", args=[reminder.pk], queue=QUEUE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        reminder.refresh_from_db()
        if reminder.status == "sent":
            break
        time.sleep(0.5)
    assert reminder.status == "sent", log.read_text()[-3000:]
    time.sleep(3)  # let the duplicates run
    reminder.refresh_from_db()
    assert reminder.attempts == 1
    assert log.read_text().count("already-claimed") == 2
    bodies = "".join(f.read_text() for f in outbox.glob("*.log"))
    assert bodies.count("Subject:") == 1, bodies
    assert settings.SITE_URL + invitation.get_accept_url() in bodies
    sender.close()
