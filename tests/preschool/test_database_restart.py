"""After PostgreSQL drops a connection (a restart), the next request or task gets a new one.

The server side of each connection is ended with pg_terminate_backend between two requests
(a real gunicorn) and between two tasks (a real Celery worker), as a restart does.
"""

import json
import time
import urllib.request

import pytest
from django.db import connection

from tests.servers import database_url_of_the_test, gunicorn

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a PostgreSQL restart (SQLite has no server)")


def _end_other_connections() -> int:
    """End every other connection to the test database, as a restart does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                       "WHERE datname = current_database() AND pid <> pg_backend_pid()")
        return cursor.fetchone()[0]


def _healthz(base: str) -> dict:
    try:
        with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:  # noqa: S310
            return json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return json.loads(exc.read())


def test_the_request_after_a_restart_succeeds(db):
    env = {"DATABASE_URL": database_url_of_the_test(), "DB_CONN_MAX_AGE": "600",
           "CACHE_URL": "db://"}
    with gunicorn(env, workers=1) as base:
        assert _healthz(base)["database"] == "ok"
        assert _end_other_connections() == 1  # the worker kept its connection
        assert _healthz(base)["database"] == "ok"
        assert _healthz(base)["database"] == "ok"


def test_the_task_after_a_restart_succeeds(celery_worker):
    celery_worker.start(DB_CONN_MAX_AGE="600")

    def run_scan(expected_done: int) -> None:
        celery_worker.send_task("preschool.tasks.scan_reminders")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = celery_worker.logs()
            if text.count("succeeded in") >= expected_done or "raised" in text:
                break
            time.sleep(0.3)
        text = celery_worker.logs()
        assert "raised" not in text, text[-3000:]
        assert text.count("succeeded in") == expected_done, text[-3000:]

    run_scan(1)
    _end_other_connections()
    run_scan(2)
