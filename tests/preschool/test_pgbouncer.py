"""The portal behind PgBouncer in transaction pooling (DATABASE_POOLER=pgbouncer): pages under
gunicorn, a Celery worker's tasks and a management command that reads with ``.iterator()``
all go through a real PgBouncer, where each transaction may run on another server
connection. Without the setting, an ``.iterator()`` loses its server-side cursor there."""

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from unittest import mock
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.urls import reverse

from learning_journal.models import ProgressCheck
from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import invite_person
from tests.learning_journal.factories import signed_off_check
from tests.servers import ROOT, database_url_of_the_test, free_port, gunicorn, server

pytestmark = [
    pytest.mark.worker,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PgBouncer pools PostgreSQL"),
]


def _pgbouncer_binary() -> str:
    binary = shutil.which("pgbouncer") or next(
        (path for path in ("/usr/sbin/pgbouncer", "/usr/bin/pgbouncer") if Path(path).exists()),
        None)
    if binary is None:
        if os.environ.get("CI") == "true":
            pytest.fail("PgBouncer is required in CI (apt-get install pgbouncer).")
        pytest.skip("PgBouncer is not installed")
    return binary


@pytest.fixture
def pgbouncer(transactional_db) -> Iterator[str]:
    """A PgBouncer in transaction pooling on a free port, in front of the test's database;
    yields the DATABASE_URL that goes through it. Server connections are handed out in turn
    (``server_round_robin``), as on a busy site, so consecutive transactions of one client run
    on different ones."""
    binary = _pgbouncer_binary()
    database = urlsplit(database_url_of_the_test())
    port = free_port()
    # Its own folder, readable by the unprivileged user PgBouncer runs as under root.
    folder = Path(tempfile.mkdtemp(prefix="pgbouncer-"))
    folder.chmod(0o755)
    password = f" password={database.password}" if database.password else ""
    (folder / "users.txt").write_text(f'"{database.username}" ""\n')
    (folder / "pgbouncer.ini").write_text(f"""\
[databases]
* = host={database.hostname} port={database.port or 5432}{password}
[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {port}
unix_socket_dir =
auth_type = trust
auth_file = {folder / "users.txt"}
pool_mode = transaction
server_round_robin = 1
default_pool_size = 4
ignore_startup_parameters = extra_float_digits,options
""")
    for name in ("users.txt", "pgbouncer.ini"):
        (folder / name).chmod(0o644)
    user = ["-u", "nobody"] if os.geteuid() == 0 else []  # it refuses to run as root
    try:
        with server([binary, *user, str(folder / "pgbouncer.ini")], {}, port):
            yield database._replace(
                netloc=f"{database.netloc.rsplit(':', 1)[0]}:{port}").geturl()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _manage(args: list[str], **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, text=True,
                          capture_output=True, timeout=120,
                          env={**os.environ, "CACHE_URL": "db://", **env})


def _get(base: str, path: str, cookie: str) -> tuple[int, str]:
    request = urllib.request.Request(base + path, headers={"Cookie": cookie})  # noqa: S310
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310
        return response.status, response.read().decode()


def test_it_serves_pages_runs_tasks_and_exports_behind_pgbouncer(
        world, celery_worker, pgbouncer, tmp_path):
    behind = {"DATABASE_URL": pgbouncer, "DATABASE_POOLER": "pgbouncer"}
    outbox = tmp_path / "mail"

    # Pat, signed in, reads the home page, Ava's page and the notifications.
    client = Client()
    client.force_login(world.users["parent"])
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    with gunicorn({**behind, "CACHE_URL": "db://"}, workers=2) as base:
        for path in ("/", reverse("notifications-list"),
                     reverse("child-detail", args=[world.child.uuid])):
            status, page = _get(base, path, cookie)
            assert status == 200, path
        assert "Ava" in page

    # A worker renders a progress check's PDF and sends a due email through it.
    with mock.patch("learning_journal.tasks.render_check_pdf"):
        check = signed_off_check(world)
    with mock.patch.object(reminders, "enqueue"):
        invite_person(world.users["manager"], world.setting_a, email="pooled@example.org",
                      role="parent")
    celery_worker.start(**behind, EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(outbox))
    celery_worker.send_task("learning_journal.tasks.render_check_pdf", check.pk)
    celery_worker.send_task("preschool.tasks.scan_reminders")
    celery_worker.wait_until(lambda: ProgressCheck.objects.get(pk=check.pk).pdf != "")
    celery_worker.wait_until(
        lambda: Reminder.objects.get(recipient_email="pooled@example.org").status == "sent")
    assert "raised" not in celery_worker.logs()

    # The operators' export reads every table with .iterator().
    archive = tmp_path / "export.zip"
    exported = _manage(["export_setting", world.setting_a.slug, "--output", str(archive)],
                       **behind)
    assert exported.returncode == 0, exported.stderr[-3000:]
    assert archive.stat().st_size > 0


ITERATE = """
import psycopg2
from django.db import connection
from django.contrib.auth.models import Permission
# Two transactions at once, as on a busy site: PgBouncer opens a second server connection.
others = [psycopg2.connect(**connection.get_connection_params()) for _ in range(2)]
for other in others:
    other.cursor().execute("SELECT 1")
for other in others:
    other.commit()
    other.close()
print("read", len(list(Permission.objects.order_by("pk").iterator(chunk_size=1))))
"""


@pytest.mark.parametrize(("pooler", "works"), [("pgbouncer", True), ("none", False)])
def test_an_iterator_outside_a_transaction_needs_the_setting(world, pgbouncer, pooler, works):
    rows = Permission.objects.count()
    result = _manage(["shell", "-c", ITERATE], DATABASE_URL=pgbouncer, DATABASE_POOLER=pooler)
    if works:
        assert result.returncode == 0, result.stderr[-3000:]
        assert rows > 100 and f"read {rows}" in result.stdout
    else:
        assert 'cursor "_django_curs_' in result.stderr and "does not exist" in result.stderr
