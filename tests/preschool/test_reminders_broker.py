"""Queueing due emails against a real broker: the queue never holds more tasks than there are
due emails, however many scans run over a backlog, and a request that queues emails while
the broker is down answers at its normal speed."""

import base64
import json
import logging
import math
import socket
import time
import uuid
from datetime import timedelta
from unittest import mock

import pytest
import redis
from django.urls import reverse
from django.utils import timezone

from preschool.celery import app
from preschool.lib import reminders
from preschool.lib.reminders import Due, ReminderKind
from preschool.models import Reminder
from tests.consents.factories import default_forms
from tests.factories import ChildAdultFactory, ChildFactory, MembershipFactory, UserFactory
from tests.servers import BROKER, require_redis


@pytest.fixture(autouse=True)
def broker_not_known_down(monkeypatch):
    monkeypatch.setattr(reminders, "_broker_down_until", 0.0)


@pytest.fixture
def broker(monkeypatch):
    """``broker(url)`` makes this process queue tasks on that broker instead of running them
    in-process; returns the name of the queue the reminders' emails go to (one of this
    test's own)."""
    def use(url: str) -> str:
        queue = f"test-{uuid.uuid4().hex}"
        routes = {**app.conf.task_routes, reminders.SEND_REMINDERS: {"queue": queue}}
        for key, value in {"broker_url": url, "task_always_eager": False,
                           "task_routes": routes}.items():
            monkeypatch.setitem(app.conf, key, value)
        return queue
    return use


@pytest.fixture
def redis_queue(broker):
    require_redis()
    queue = broker(BROKER)
    client = redis.Redis.from_url(BROKER)
    yield queue, client
    client.delete(queue)
    client.close()


def _queued(client, queue) -> list[list[int]]:
    """The reminder ids of each task waiting in the queue."""
    batches = []
    for raw in client.lrange(queue, 0, -1):
        payload = json.loads(raw)
        args, _kwargs, _embed = json.loads(base64.b64decode(payload["body"]))
        batches.append(args[0])
    return batches


@pytest.fixture
def note_kind():
    kind = reminders.register(ReminderKind("test-note", "invitation", lambda reminder: None))
    yield kind
    reminders.KINDS.pop("test-note")


def test_many_scans_over_a_backlog_queue_each_due_email_once(
        db, note_kind, redis_queue, monkeypatch, settings):
    queue, client = redis_queue
    monkeypatch.setattr(reminders, "BATCH_SIZE", 7)
    with mock.patch.object(reminders, "enqueue"):  # recorded, never queued
        reminders.schedule_many("test-note", [
            Due(object_key=str(i), recipient_email=f"family{i}@example.org") for i in range(30)])
    due = set(Reminder.objects.values_list("pk", flat=True))
    # No worker: each scan comes later than the claim timeout after the one before.
    step = timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT_SECONDS + 60)
    for n in range(12):
        reminders.scan(now=timezone.now() + n * step)
    batches = _queued(client, queue)
    assert len(batches) == math.ceil(30 / 7) <= len(due)
    assert sorted(pk for batch in batches for pk in batch) == sorted(due)

    # Redis restarts without its data: what was queued is lost. A scan after the claim
    # timeout finds the queue empty and queues each due email once more.
    client.delete(queue)
    later = timezone.now() + 13 * step
    reminders.scan(now=later)
    reminders.scan(now=later + step)
    assert sorted(pk for batch in _queued(client, queue) for pk in batch) == sorted(due)


def _closed_port() -> int:
    with socket.socket() as probe:  # nothing listens on it once closed
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_request_that_queues_emails_while_the_broker_is_down_answers_at_once(
        world, broker, caplog, django_capture_on_commit_callbacks):
    broker(f"redis://127.0.0.1:{_closed_port()}/0")
    default_forms(world.setting_a)
    for i in range(20):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        membership = MembershipFactory(setting=world.setting_a,
                                       user=UserFactory(email=f"family{i}@example.org"))
        ChildAdultFactory(child=child, user=membership.user)
    client = world.client_for("manager")
    client.get(reverse("consents-overview"))  # the first request's imports, not timed
    with mock.patch.object(reminders, "_broker_connection",
                           wraps=reminders._broker_connection) as connections, \
            caplog.at_level(logging.WARNING, logger="preschool.lib.reminders"):
        started = time.monotonic()
        # The request with what runs after its commit (here, as the test's transaction is
        # not committed, when the block ends).
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            response = client.post(reverse("consents-chase"))
        elapsed = time.monotonic() - started
    assert callbacks
    assert response.status_code == 302
    assert elapsed < 1.0, f"{elapsed:.2f} s"
    assert connections.call_count == 1  # one attempt for the request, not one per email
    chased = Reminder.objects.filter(kind="consents-chase")
    assert chased.count() == 22
    assert set(chased.values_list("status", "queued_at")) == {("pending", None)}  # for the scan
    assert "Could not queue 22 reminders" in caplog.text


def test_a_transaction_that_schedules_emails_one_by_one_tries_the_broker_once(
        world, broker, django_capture_on_commit_callbacks):
    broker(f"redis://127.0.0.1:{_closed_port()}/0")
    with mock.patch.object(reminders, "_broker_connection",
                           wraps=reminders._broker_connection) as connections, \
            django_capture_on_commit_callbacks(execute=True):
        for i in range(10):
            reminders.schedule("invitation", object_key=str(i),
                               recipient_email=f"family{i}@example.org")
    assert connections.call_count == 1
    assert Reminder.objects.filter(queued_at__isnull=True).count() == 10
