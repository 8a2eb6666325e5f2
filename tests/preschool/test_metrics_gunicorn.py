"""/metrics under gunicorn with two workers: the request times of both are added up (the
multiprocess mode of gunicorn.conf.py), and the depth of the Celery queue is read from Redis."""

import socket
import time
import urllib.request
from urllib.parse import urlsplit

from celery import Celery

from tests.preschool.test_metrics import TOKEN, samples
from tests.servers import (
    BROKER,
    QUEUE_PREFIX,
    database_url_of_the_test,
    gunicorn,
    queue_of,
    require_redis,
)

QUEUE = queue_of("preschool.tasks.scan_reminders")

HEALTHZ = ("portal_request_duration_seconds_count", ("method", "GET"), ("status", "2xx"),
           ("view", "healthz"))


def _get(url: str, headers: dict[str, str] | None = None) -> bytes:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310
    # A worker may still be loading the portal: the request waits for it.
    with urllib.request.urlopen(request, timeout=90) as response:  # noqa: S310
        return response.read()


def test_it_adds_up_the_workers_and_reads_the_queue(db):
    require_redis()
    sender = Celery(broker=BROKER, set_as_current=False)
    env = {"DATABASE_URL": database_url_of_the_test(), "METRICS_TOKEN": TOKEN,
           "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE_PREFIX": QUEUE_PREFIX,
           # The held request below must not count as a stuck worker while the other loads.
           "GUNICORN_CMD_ARGS": "--timeout 120"}
    try:
        with gunicorn(env, workers=2) as base:
            for _ in range(2):  # two tasks wait in the queue, no worker takes them
                sender.send_task("preschool.tasks.scan_reminders", queue=QUEUE)
            # One worker is kept busy with a request that has not finished arriving: the
            # other answers the next five. Then the first answers its own.
            parts = urlsplit(base)
            held = socket.create_connection((parts.hostname, parts.port), timeout=90)
            held.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            time.sleep(1)
            for _ in range(5):
                _get(f"{base}/healthz")
            held.sendall(b"Connection: close\r\n\r\n")
            assert held.recv(100).startswith(b"HTTP/1.1 200")
            held.close()
            values = samples(_get(f"{base}/metrics",
                                  {"Authorization": f"Bearer {TOKEN}"}).decode())
            assert values[HEALTHZ] == 6
            assert values[("portal_queue_depth", ("queue", QUEUE))] == 2
    finally:
        with sender.connection_for_write() as connection:
            connection.default_channel.queue_purge(QUEUE)
        sender.close()
