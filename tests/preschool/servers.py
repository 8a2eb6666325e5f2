"""Run the portal in a real server process for tests that need one (gunicorn, runserver)."""

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url_of_the_test() -> str:
    """The URL of the database this test runs on, for a server process to share."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_for(port: int, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server stopped: {process.stdout.read()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the server did not start")


@contextmanager
def server(args: list[str], env: dict[str, str], port: int) -> Iterator[subprocess.Popen]:
    """Start ``args`` (a server listening on ``port``) with ``env`` on top of ours; stop it."""
    process = subprocess.Popen(args, cwd=ROOT, env={**os.environ, **env},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        _wait_for(port, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        process.stdout.close()


@contextmanager
def gunicorn(env: dict[str, str], *, workers: int = 1) -> Iterator[str]:
    """The portal under gunicorn with its gunicorn.conf.py; yields the base URL."""
    port = free_port()
    env = {"PORT": str(port), "WEB_CONCURRENCY": str(workers), **env}
    args = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "preschool.wsgi"]
    with server(args, env, port):
        yield f"http://127.0.0.1:{port}"
