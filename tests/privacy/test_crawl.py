"""The crawl: a practitioner's account opens one child's record after another over real HTTP
(bench/crawl_as_practitioner.py against a live server), with a real Celery worker doing the
checks. The managers have the alert, in the portal and by email, within the minute of the
crawl crossing the alert threshold; past the pause threshold the account is paused and the
crawler gets the paused page."""

import importlib.util
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from preschool.models import Membership
from privacy import alarm, constants
from privacy.models import AccessAlert
from tests.privacy.factories import children, looks

pytestmark = pytest.mark.worker

# The drill script itself, loaded from its file (bench/ is a folder of scripts, not a package).
_SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "crawl_as_practitioner.py"
_SPEC = importlib.util.spec_from_file_location("crawl_as_practitioner", _SCRIPT)
assert _SPEC is not None and _SPEC.loader is not None
crawler = sys.modules.setdefault("crawl_as_practitioner", importlib.util.module_from_spec(_SPEC))
_SPEC.loader.exec_module(crawler)


def _emails_to(outbox: Path, address: str) -> list[str]:
    texts = [f.read_text() for f in outbox.glob("*.log")] if outbox.exists() else []
    return [text for text in texts if f"To: {address}" in text]


def _wait_for(predicate, deadline: float) -> bool:
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return predicate()


def test_a_crawling_practitioner_is_reported_within_the_minute_and_paused(
        world, celery_worker, live_server, tmp_path, monkeypatch):
    outbox = tmp_path / "mail"
    celery_worker.start(EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(outbox))

    # The checks a page queues go to the real worker (this process runs tasks in-process).
    def queue_checks(setting_id, user_id):
        for countdown in (0, alarm.CHECK_EVERY_SECONDS):
            celery_worker.send_task("privacy.tasks.check_person", setting_id, user_id,
                                    countdown=countdown)

    monkeypatch.setattr(alarm, "queue_checks", queue_checks)
    kids = children(world, constants.PRACTITIONER_PAUSE + 5)
    paths = [reverse("child-detail", args=[child.uuid]) for child in kids]
    client = Client()
    client.force_login(world.users["practitioner"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"

    crossed_alert = crossed_pause = None
    answers = []
    for number, answer in enumerate(crawler.crawl(live_server.url, cookie, paths), start=1):
        answers.append(answer)
        if number == constants.PRACTITIONER_ALERT:
            crossed_alert = time.monotonic()
            assert answer.status == 200
        if number == constants.PRACTITIONER_PAUSE:
            crossed_pause = time.monotonic()
    assert crossed_alert is not None and crossed_pause is not None

    manager = world.users["manager"]
    told = _wait_for(lambda: Notification.objects.filter(
        recipient=manager, url__startswith="/privacy/alerts/").exists(), crossed_alert + 60)
    assert told, celery_worker.logs()[-3000:]
    assert _wait_for(lambda: _emails_to(outbox, manager.email), crossed_alert + 60), \
        celery_worker.logs()[-3000:]
    assert "Perry Practitioner" in _emails_to(outbox, manager.email)[0]

    membership = world.memberships["practitioner"]
    assert _wait_for(lambda: Membership.objects.get(pk=membership.pk).paused_at is not None,
                     crossed_pause + 60), celery_worker.logs()[-3000:]
    alert = AccessAlert.objects.get(membership=membership)
    assert alert.count >= constants.PRACTITIONER_PAUSE and alert.paused_at <= timezone.now()
    # One alert for the episode: told when raised and when paused, never more.
    assert Notification.objects.filter(recipient=manager).count() <= 2

    # The crawler now gets the paused page, and nothing of any child.
    status, page = crawler.get(live_server.url, paths[0], cookie)
    assert status == 403 and crawler.PAUSED in page
    assert kids[0].last_name not in page


def test_beats_scan_in_a_real_worker_alerts_the_managers(world, celery_worker, tmp_path):
    """The backstop: looks whose check was never queued are found by the scan beat runs every
    minute (in the worker, each setting's queries run in its scope)."""
    looks(world, "practitioner", children(world, constants.PRACTITIONER_ALERT))
    celery_worker.start()
    celery_worker.send_task("privacy.tasks.scan_recent_looks")
    deadline = time.monotonic() + 60
    assert _wait_for(lambda: Notification.objects.filter(
        recipient=world.users["manager"], url__startswith="/privacy/alerts/").exists(),
        deadline), celery_worker.logs()[-3000:]
    alert = AccessAlert.objects.get()
    assert alert.count == constants.PRACTITIONER_ALERT and alert.paused_at is None
    assert "scan_recent_looks" in celery_worker.logs()
    # The notification is committed before the task ends: its "succeeded" line may follow.
    assert _wait_for(lambda: "succeeded" in celery_worker.logs(), deadline), (
        celery_worker.logs()[-3000:])
    assert settings.CELERY_BEAT_SCHEDULE["scan-recent-looks"] == {
        "task": "privacy.tasks.scan_recent_looks", "schedule": 60}
