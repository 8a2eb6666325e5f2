"""The Celery queues (settings.QUEUE_OF_TASK), with real workers and real beats: a burst of
PDFs never delays the email that tells a family their child was given a medicine, and two
beats running at once send a due email once."""

import re
import time
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from django_scopes import scope

from consents import services as consents
from learning_journal.models import ProgressCheck
from preschool.celery import app
from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import invite_person
from tests.consents.factories import calpol
from tests.factories import ChildFactory
from tests.learning_journal.factories import signed_off_check
from tests.servers import BROKER, QUEUE_PREFIX, queue_of

pytestmark = pytest.mark.worker

BURST = 30


def _emails(outbox) -> str:
    return "".join(f.read_text() for f in outbox.glob("*.log")) if outbox.exists() else ""


@pytest.fixture
def queueing_to_the_workers(monkeypatch):
    """This process queues tasks on the broker, routed to the run's queues as the portal
    routes them (instead of running them in-process, as the other tests do)."""
    routes = {task: {"queue": queue_of(task)} for task in django_settings.QUEUE_OF_TASK}
    for key, value in {"broker_url": BROKER, "task_always_eager": False,
                       "task_routes": routes,
                       "task_default_queue": QUEUE_PREFIX + "celery"}.items():
        monkeypatch.setitem(app.conf, key, value)
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)


def test_it_sends_the_medicine_email_while_a_burst_of_pdfs_waits(
        world, celery_worker, queueing_to_the_workers, tmp_path, monkeypatch):
    outbox = tmp_path / "mail"
    # Checks signed off together: BURST progress checks waiting for their PDFs.
    with mock.patch("learning_journal.tasks.render_check_pdf"):
        check = signed_off_check(world)
    copied = {field.attname: getattr(check, field.attname) for field in ProgressCheck._meta.fields
              if field.attname not in ("id", "uuid", "pdf", "child_id")}
    for _ in range(BURST - 1):
        child = ChildFactory(setting=world.setting_a, room=world.room,
                             date_of_birth=world.child.date_of_birth)
        ProgressCheck.objects.create(**copied, child=child)
    checks = ProgressCheck.objects.filter(setting=world.setting_a)
    assert checks.count() == BURST and not checks.exclude(pdf="").exists()
    # One worker for the PDFs, one for what people are told.
    celery_worker.start(queues=["pdf"])
    celery_worker.start(queues=["email"], EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(outbox))
    for pk in checks.values_list("pk", flat=True):
        celery_worker.send_task("learning_journal.tasks.render_check_pdf", pk)
    celery_worker.wait_until(lambda: checks.exclude(pdf="").exists())  # the burst has begun

    # Kim gives Ava a dose of Calpol: Pat is told by email.
    kim = world.users["key_person"]
    with scope(setting=world.setting_a):
        consents.record_dose(kim, world.child, permission=calpol(world), medicine="",
                             given_at=timezone.now(), dose_amount=Decimal("5"), dose_unit="ml",
                             given_by=kim, witnessed_by=world.users["practitioner"])
    started = time.monotonic()
    email = Reminder.objects.get(kind="consents-dose-given",
                                 recipient_email=world.users["parent"].email)
    celery_worker.wait_until(lambda: Reminder.objects.get(pk=email.pk).status == "sent",
                             seconds=60)
    waited = time.monotonic() - started
    pdfs_waiting = checks.filter(pdf="").count()
    print(f"The email waited {waited:.1f} s; {pdfs_waiting} PDFs were waiting.")

    assert waited < 5, f"the email waited {waited:.1f} s"
    assert pdfs_waiting > BURST // 2, f"only {pdfs_waiting} PDFs were still waiting"
    assert f"To: {world.users['parent'].email}" in _emails(outbox)


def test_it_sends_a_due_email_once_with_two_beats_running(world, celery_worker, tmp_path):
    outbox = tmp_path / "mail"
    # An invitation's email, due and never queued: only beat's scan hands it to the workers.
    with mock.patch.object(reminders, "enqueue"):
        invite_person(world.users["manager"], world.setting_a, email="twobeats@example.org",
                      role="parent")
    reminder = Reminder.objects.get(kind="invitation", recipient_email="twobeats@example.org")
    assert reminder.queued_at is None

    celery_worker.start(EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(outbox))
    # Two beats, as on two machines: each its own schedule file, both scanning every 10 s.
    beats = ["beat-a", "beat-b"]
    for name in beats:
        celery_worker.run(["-m", "celery", "-A", "preschool", "beat", "--loglevel=info",
                           f"--schedule={tmp_path / name}"], name, REMINDER_SCAN_SECONDS="10")

    def scans_sent(name: str) -> int:
        return len(re.findall(r"Sending due task scan-reminders", celery_worker.log(name)))

    # Each beat fires the scan every 10 s after it starts: twice each within about 25 s.
    celery_worker.wait_until(lambda: all(scans_sent(name) >= 2 for name in beats), seconds=45)
    celery_worker.wait_until(lambda: celery_worker.logs().count("scan_reminders") >= 8)
    time.sleep(2)  # for what the last scans may have queued

    reminder.refresh_from_db()
    assert reminder.status == "sent" and reminder.attempts == 1, celery_worker.logs()[-3000:]
    assert _emails(outbox).count("To: twobeats@example.org") == 1


def test_it_routes_only_tasks_that_exist_to_queues_that_exist():
    """A misspelt name in the table would send its task to the default queue unnoticed."""
    app.loader.import_default_modules()  # every app's tasks, as a worker imports them
    assert set(django_settings.QUEUE_OF_TASK) <= set(app.tasks)
    assert set(django_settings.QUEUE_OF_TASK.values()) <= set(django_settings.QUEUES)
