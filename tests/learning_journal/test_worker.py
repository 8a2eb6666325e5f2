"""A real Celery worker, with Redis as broker, renders progress-check PDFs queued on commit and
a keepsake, exactly once each."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from learning_journal import services
from learning_journal.models import Keepsake, ProgressCheck
from tests.learning_journal.factories import complete_check_data, group_observation, make_two
from tests.learning_journal.test_checks import pdf_text

ROOT = Path(__file__).resolve().parents[2]
# Its own Redis database: other tests' workers use another one and empty theirs.
BROKER = os.environ.get("TEST_JOURNAL_BROKER_URL", "redis://127.0.0.1:6379/12")

pytestmark = pytest.mark.worker


def _redis_up() -> bool:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
        return True
    except OSError:
        return False


@pytest.fixture
def worker(transactional_db, tmp_path, media_root, settings, monkeypatch):
    if not _redis_up():
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI for the Celery worker test.")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    redis.Redis.from_url(BROKER).flushdb()
    db = settings.DATABASES["default"]
    if connection.vendor == "postgresql":
        url = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
               f"{db['PORT'] or 5432}/{db['NAME']}")
    else:
        url = f"sqlite:///{db['NAME']}"
    env = {**os.environ, "DATABASE_URL": url, "CELERY_BROKER_URL": BROKER,
           "EMAIL_BACKEND": "memory", "DEBUG": "false", "CACHE_URL": "db://",
           "MEDIA_ROOT": str(media_root)}
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "preschool", "worker", "--pool=solo",
         "--concurrency=1", "--loglevel=info", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    # The services queue on commit as always; their messages go to this broker through a
    # client of its own (the portal's app in this process stays as the other tests set it).
    from celery import Celery

    from learning_journal import tasks

    sender = Celery(broker=BROKER)
    for name in ("render_check_pdf", "make_keepsake"):
        monkeypatch.setattr(tasks, name, _Sender(sender, f"learning_journal.tasks.{name}"))
    yield tmp_path / "worker.log"
    sender.close()
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    log.close()


class _Sender:
    """``task.delay(...)`` sent to the test's broker by name."""

    def __init__(self, app, name):
        self.app, self.name = app, name

    def delay(self, *args):
        return self.app.send_task(self.name, args=list(args))


def _wait(predicate, log, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail("Timed out; worker log:\n" + log.read_text()[-3000:])


def test_a_worker_makes_the_check_pdf_and_the_keepsake(world, worker, settings):
    make_two(world.child)
    check = services.start_check(world.users["key_person"], world.child)
    services.save_check(world.users["key_person"], check, *complete_check_data())
    services.submit_check(world.users["key_person"], check)
    services.sign_off_check(world.users["manager"], check)  # queued on commit
    _wait(lambda: ProgressCheck.objects.get(pk=check.pk).pdf_status == "with_family", worker)
    check.refresh_from_db()
    with check.pdf.open("rb") as f:
        assert "PSED strengths" in pdf_text(f.read())
    services.add_family_comments(world.users["parent"], check, "WORKER-COMMENT")
    _wait(lambda: ProgressCheck.objects.get(pk=check.pk).pdf_status == "completed", worker)
    check.refresh_from_db()
    with check.pdf.open("rb") as f:
        assert "WORKER-COMMENT" in pdf_text(f.read())

    # The keepsake, asked for before any leaving date, is made by the worker (a broker is
    # configured: the request only queues it).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    group_observation(world, children=[world.child], text="WORKER-KEEPSAKE", photos=1)
    keepsake = services.request_keepsake(world.users["parent"], world.child)
    assert Keepsake.objects.get(pk=keepsake.pk).status == "queued"
    _wait(lambda: Keepsake.objects.get(pk=keepsake.pk).status == "ready", worker)
    keepsake.refresh_from_db()
    assert (keepsake.progress_done, keepsake.progress_total) == (1, 1)
    with keepsake.pdf.open("rb") as f:
        assert "WORKER-KEEPSAKE" in pdf_text(f.read())
    assert worker.read_text().count("render_check_pdf") >= 2
