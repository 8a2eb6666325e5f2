"""Due emails fanned out: 10,000 claimed and queued, then sent by a Celery worker to a mail
server on 127.0.0.1 that this script starts (tests/smtp_sink.py; loopback traffic only).

1. Makes, in a setting of its own, 10,000 invitations whose emails are due and were never
   queued (as after the workers were stopped for a while). Remade on every run.
2. Starts a worker (`--processes 1`: the solo pool, one process; more: prefork) against
   Redis (``BENCH_BROKER_URL``, default ``redis://127.0.0.1:6379/13``, a queue of this run's
   own) and the mail server.
3. Times ``reminders.scan()``: the due rows read, queued in tasks of BATCH_SIZE over one broker
   connection, and marked queued. Then times until the worker has sent them all, and reports
   the send rate per worker process and the SMTP connections it opened.

``--per-email`` does the same the way it was done before batches, for comparison: one task
(``send_reminder``) and one UPDATE per email, and one SMTP connection per email.

    DEBUG=false SECRET_KEY=bench-only-$(head -c 40 /dev/urandom | base64) \\
      ALLOWED_HOSTS=testserver SITE_URL=http://testserver SECURE_SSL_REDIRECT=false \\
      DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench \\
      .venv/bin/python bench/reminders_fanout.py
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")
BROKER = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/13")
# This process queues the tasks on the broker (not in-process), on queues of its own.
os.environ.update(CELERY_BROKER_URL=BROKER, CELERY_QUEUE_PREFIX=f"bench-{uuid.uuid4().hex}-")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_scopes import scopes_disabled  # noqa: E402

from preschool.lib import reminders  # noqa: E402
from preschool.models import Invitation, Membership, Reminder, Role, Setting, User  # noqa: E402
from tests.smtp_sink import SMTPSink  # noqa: E402

SLUG = "bench-reminders"


def make_data(count: int) -> list[int]:
    """``count`` invitations with their emails due now and never queued; returns the ids of
    the emails."""
    setting, _ = Setting.objects.get_or_create(slug=SLUG, defaults={
        "name": "Bench Reminders Pre-school"})
    manager = User.objects.filter(email="manager@bench-reminders.example").first()
    if manager is None:
        manager = User.objects.create_user(email="manager@bench-reminders.example",
                                           full_name="Mona Bench")
        Membership.objects.create(user=manager, setting=setting, role=Role.MANAGER)
    now = timezone.now()
    with transaction.atomic():
        Reminder.objects.filter(setting=setting).delete()
        Invitation.objects.filter(setting=setting).delete()
        invitations = Invitation.objects.bulk_create([Invitation(
            setting=setting, email=f"family{i}@bench-reminders.example", role=Role.PARENT,
            invited_by=manager, expires_at=now + timedelta(days=7), sent_count=1)
            for i in range(count)])
        Reminder.objects.bulk_create([Reminder(
            kind="invitation", object_key=f"{invitation.uuid}:1",
            recipient_email=invitation.email, setting=setting, due_at=now,
            due_on=timezone.localdate(now)) for invitation in invitations])
    return list(Reminder.objects.filter(setting=setting).values_list("pk", flat=True))


def start_worker(log_path: Path, processes: int, smtp_port: int) -> subprocess.Popen:
    db = settings.DATABASES["default"]
    url = (f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:"
           f"{db['PORT'] or 5432}/{db['NAME']}")
    env = {**os.environ, "DATABASE_URL": url, "CACHE_URL": "db://", "EMAIL_BACKEND": "smtp",
           "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port), "EMAIL_USE_TLS": "false"}
    pool = ["--pool=solo"] if processes == 1 else [f"--concurrency={processes}"]
    with open(log_path, "w") as log:
        worker = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
            [sys.executable, "-m", "celery", "-A", "preschool", "worker", "--loglevel=warning",
             *pool, "--without-gossip", "--without-mingle"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    return worker


def wait_until_ready(worker: subprocess.Popen, seconds: float = 60) -> None:
    """The worker is ready once it consumes: a probe task (to a missing reminder) has run."""
    from preschool.tasks import send_reminders

    send_reminders.delay([0])
    deadline = time.monotonic() + seconds
    while reminders.tasks_waiting():
        if worker.poll() is not None or time.monotonic() > deadline:
            sys.exit("The worker did not start.")
        time.sleep(0.1)


def queue_per_email(ids: list[int]) -> int:
    """How due emails were queued before batches: one task and one UPDATE per email."""
    from preschool.tasks import send_reminder

    for pk in ids:
        send_reminder.delay(pk)
        Reminder.objects.filter(pk=pk, status=Reminder.Status.PENDING).update(
            queued_at=timezone.now())
    return len(ids)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=int, default=10_000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--per-email", action="store_true")
    options = parser.parse_args()

    ids = make_data(options.emails)
    waiting = Reminder.objects.filter(pk__in=ids).exclude(status=Reminder.Status.SENT)
    log_path = Path(tempfile.mkdtemp(prefix="reminders-bench-")) / "worker.log"
    with SMTPSink() as sink:
        worker = start_worker(log_path, options.processes, sink.port)
        try:
            wait_until_ready(worker)
            start = time.perf_counter()
            queued = queue_per_email(ids) if options.per_email else reminders.scan()
            queueing = time.perf_counter() - start
            deadline = time.monotonic() + 3600
            while waiting.exists():
                if worker.poll() is not None or time.monotonic() > deadline:
                    sys.exit("The worker stopped or took too long:\n"
                             + log_path.read_text()[-3000:])
                time.sleep(0.2)
            sending = time.perf_counter() - start
        finally:
            worker.terminate()
            worker.wait(timeout=60)
        messages, connections = len(sink.messages), sink.connections
    how = "one task per email" if options.per_email else f"tasks of {reminders.BATCH_SIZE}"
    print(f"{options.emails} due emails, {how}, {options.processes} worker process(es)")
    print(f"  claimed and queued: {queued} in {queueing:.2f} s")
    print(f"  all sent after:     {sending:.1f} s ({messages} emails over {connections} SMTP "
          f"connections)")
    print(f"  send rate:          {messages / sending / options.processes:.0f} emails/s per "
          f"worker process")


if __name__ == "__main__":
    # The data is set up across settings, as the tests do; what is measured (a page, a
    # task) still opens its own setting's scope.
    with scopes_disabled():
        main()
