"""Run the portal in real processes for tests that need them: servers (gunicorn, runserver)
and Celery workers against Redis."""

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

import pytest
from celery import Celery
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
# Tests run in parallel processes (pytest-xdist's workers gw0, gw1, ...; one process is gw0).
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
WORKERS = int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1"))


def redis_url_of_this_worker(url: str, step: int) -> str:
    """``url``'s Redis database, moved ``step`` places for each worker before this one: gw0
    keeps the configured database, gw1 the next, and so on. A worker clears its cache and
    reads its queues in databases no other worker touches."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + step * WORKER
    return parts._replace(path=f"/{database}").geturl()


def redis_databases(url: str, step: int) -> set[int]:
    """The databases that ``url`` stands for over all the run's workers."""
    first = int(urlsplit(url).path.strip("/") or 0)
    return {first + step * worker for worker in range(WORKERS)}


# The cache's databases count up from CACHE_URL's (1 in CI), the broker's down from
# TEST_CELERY_BROKER_URL's (14): database 0, the demo's, is never used.
CACHE_STEP, BROKER_STEP = 1, -1
CONFIGURED_BROKER = os.environ.get("TEST_CELERY_BROKER_URL", "redis://127.0.0.1:6379/14")
BROKER = redis_url_of_this_worker(CONFIGURED_BROKER, BROKER_STEP)
# Each test run has its own queues (CELERY_QUEUE_PREFIX), so runs that share a Redis never
# take each other's tasks.
QUEUE_PREFIX = f"test-{uuid.uuid4().hex}-"


def queue_of(task_name: str) -> str:
    """The name of this run's queue that ``task_name`` goes to (settings.QUEUE_OF_TASK)."""
    from django.conf import settings

    return QUEUE_PREFIX + settings.QUEUE_OF_TASK.get(task_name, "celery")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_of_the_test() -> str:
    """The URL of the database this test runs on, for a server process to share."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user = f"{db['USER']}:{db['PASSWORD']}" if db["PASSWORD"] else db["USER"]
    return f"postgres://{user}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def require_redis() -> None:
    """Skip the test when the tests' Redis (``BROKER``'s server) is not running; fail in CI,
    which has it."""
    address = urlsplit(BROKER)
    try:
        socket.create_connection((address.hostname, address.port or 6379), timeout=1).close()
    except OSError:
        if os.environ.get("CI") == "true":
            pytest.fail("Redis is required in CI.")
        pytest.skip(f"Redis is not running on {address.netloc}")


def wait_for_port(port: int, process: subprocess.Popen[str], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {_output_of(process)}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


def stop(process: subprocess.Popen, *, seconds: float) -> None:
    """Ask ``process`` to stop (SIGTERM), and kill it if it has not within ``seconds``."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def server(args: list[str], env: dict[str, str], port: int) -> Iterator[subprocess.Popen[str]]:
    """Start ``args`` (a server listening on ``port``) with ``env`` on top of ours; stop it.

    What it writes goes to a temporary file, not a pipe: a pipe nobody reads fills up after
    some thousand log lines, and the server then stops in the middle of a request."""
    with tempfile.TemporaryFile("w+") as output:
        process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env},
                                   stdout=output, stderr=subprocess.STDOUT, text=True)
        _outputs[process.pid] = output
        try:
            wait_for_port(port, process)
            yield process
        finally:
            stop(process, seconds=10)
            del _outputs[process.pid]


_outputs: dict[int, IO[str]] = {}  # what each running server() has written so far


def _output_of(process: subprocess.Popen) -> str:
    """What ``process`` wrote, when it is a server() (else its pipe, if it has one)."""
    output = _outputs.get(process.pid)
    if output is None:
        return process.communicate()[0] if process.stdout is not None else ""
    output.seek(0)
    return output.read()


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1) -> Iterator[str]:
    """The portal under gunicorn with its gunicorn.conf.py and the settings of a test's web
    process (tests/server_settings.py, unless ``env`` names others); yields the base URL."""
    port = free_port()
    env = {"PORT": str(port), "WEB_CONCURRENCY": str(workers),
           "DJANGO_SETTINGS_MODULE": "tests.server_settings", **env}
    args = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "preschool.wsgi"]
    with server(args, env, port):
        yield f"http://127.0.0.1:{port}"


class CeleryWorkers:
    """Real `celery -A preschool worker --pool=solo` processes against the test's database, its
    media folder and Redis (``BROKER``), on this run's own queues (``QUEUE_PREFIX``).

    ``start(**env)`` starts one, taking all the queues, with ``env`` on top of the test's (an
    email backend, say) and returns its process; ``start(queues=["pdf"])`` one that takes only
    those. ``send_task(name, *args)`` queues a task by name on its queue (``queue_of``);
    ``logs()`` is what every worker started so far has written. ``stop()`` ends them all.
    """

    ARGS = ["-m", "celery", "-A", "preschool", "worker", "--pool=solo", "--loglevel=info",
            "--without-gossip", "--without-mingle", "--without-heartbeat"]

    def __init__(self, folder: Path, media_root: Path) -> None:
        self.folder = folder
        self.env = {**os.environ, "DATABASE_URL": database_url_of_the_test(),
                    "CELERY_BROKER_URL": BROKER, "CELERY_QUEUE_PREFIX": QUEUE_PREFIX, "CACHE_URL": "db://",
                    "DEBUG": "false", "EMAIL_BACKEND": "memory", "MEDIA_ROOT": str(media_root)}
        self.processes: list[tuple[subprocess.Popen, IO[str]]] = []
        self.sender = Celery(broker=BROKER)

    def start(self, queues: list[str] | None = None, **env: str) -> subprocess.Popen:
        chosen = ["-Q", ",".join(QUEUE_PREFIX + queue for queue in queues)] if queues else []
        return self.run([*self.ARGS, *chosen], f"worker{len(self.processes)}", **env)

    def run(self, args: list[str], name: str, **env: str) -> subprocess.Popen:
        """``python args`` (another `celery` command, such as beat) with the workers'
        environment; its output goes to ``log(name)``, and to ``logs()`` if ``name`` starts
        with "worker"."""
        log = open(self.folder / f"{name}.log", "w")  # noqa: SIM115
        # Unbuffered: what it logs is in the file at once, for a test to wait for.
        process = subprocess.Popen([sys.executable, "-u", *args], cwd=ROOT,
                                   env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT)
        self.processes.append((process, log))
        return process

    def send_task(self, name: str, *args, **options) -> None:
        """Queue task ``name`` with ``args`` and Celery's ``options`` (a countdown, say)."""
        self.sender.send_task(name, args=list(args), queue=queue_of(name), **options)

    def log(self, name: str) -> str:
        return (self.folder / f"{name}.log").read_text()

    def logs(self) -> str:
        return "".join(path.read_text() for path in sorted(self.folder.glob("worker*.log")))

    def task(self, name: str) -> "TaskByName":
        """A stand-in for a task module's function whose ``delay(...)`` goes to the
        workers by name (monkeypatched where the portal queues it)."""
        return TaskByName(self, name)

    def wait_until(self, predicate, seconds: float = 120) -> None:
        """Wait for ``predicate()``; fail with the end of the workers' log."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(0.3)
        pytest.fail("Timed out; worker log:\n" + self.logs()[-3000:])

    def stop(self) -> None:
        self.sender.close()
        for process, log in self.processes:
            stop(process, seconds=20)
            log.close()


class TaskByName:
    """``task.delay(...)`` sent to the test's workers by name."""

    def __init__(self, workers: CeleryWorkers, name: str) -> None:
        self.workers, self.name = workers, name

    def delay(self, *args) -> None:
        self.workers.send_task(self.name, *args)
