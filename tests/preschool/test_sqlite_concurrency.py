"""The demo's SQLite database takes taps on the register that come close together.

A real demo: its own SQLite file, migrated and seeded, served by `runserver` (threaded, as in
`make run`); 20 sign-in taps sent at once, each over its own connection, so the server handles
them in parallel threads with their own database connections.
"""

import http.client
import json
import os
import re
import subprocess
import threading
from urllib.parse import urlencode

import pytest

from tests.servers import BIN, ROOT, free_port, server

TAPS = 20
DEMO_PASSWORD = "acorns-demo-2026"  # noqa: S105 (the demo's published password)
STAFF = "grace.okafor@acorns.example"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    path = folder / "demo.sqlite3"
    env = {**os.environ, "DEBUG": "true", "REQUIRE_STAFF_MFA": "false", "EMAIL_BACKEND": "memory",
           "DATABASE_URL": f"sqlite:///{path}", "CACHE_URL": "db://",
           "MEDIA_ROOT": str(folder / "media"),  # the demo's photos, never var/media
           "SITE_URL": "http://127.0.0.1:8000", "SECURE_SSL_REDIRECT": "false"}
    manage = [str(BIN / "python"), "manage.py"]
    for command in (["migrate", "--no-input"], ["createcachetable"], ["seed_demo"]):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, capture_output=True)
    return env


def _manage_json(env: dict[str, str], code: str):
    """Run one line of code in `manage.py shell`; as in every test, it reads any setting."""
    code = f"from django_scopes import scopes_disabled\nwith scopes_disabled():\n    {code}"
    out = subprocess.run([str(BIN / "python"), "manage.py", "shell", "-c", code], cwd=ROOT,
                         env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.splitlines()[-1])


class Browser:
    """One person's cookies, sent over a new connection for each request."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields: dict | None = None,
                headers: dict | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                       **(headers or {})}
            body = None
            if fields is not None:
                body = urlencode(fields)
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    cookie = value.split(";", 1)[0]
                    key, _, val = cookie.partition("=")
                    self.cookies[key.strip()] = val.strip()
            return response.status, response.read().decode()
        finally:
            conn.close()

    def sign_in(self, email: str, password: str) -> None:
        self.request("GET", "/accounts/login/")
        status, _ = self.request("POST", "/accounts/login/",
                                 {"login": email, "password": password})
        assert status == 302, "could not sign in to the demo"


def test_twenty_taps_at_once_all_succeed(demo: dict[str, str]) -> None:
    children = _manage_json(demo, (
        "import json; from families.models import Child; from attendance.models import Session;"
        "s = Session.objects.filter(setting__slug='acorn-tree', is_active=True).first();"
        "print(json.dumps({'session': str(s.uuid), 'children': [str(c.uuid) for c in "
        "Child.objects.filter(setting__slug='acorn-tree').order_by('pk')]}))"))
    session, uuids = children["session"], children["children"]
    port = free_port()
    args = [str(BIN / "python"), "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"]
    with server(args, demo, port):
        browser = Browser(port)
        browser.sign_in(STAFF, DEMO_PASSWORD)
        results: list[tuple[int, str]] = []
        start = threading.Barrier(TAPS)

        def tap(n: int) -> None:
            start.wait()
            results.append(browser.request(
                "POST", f"/attendance/children/{uuids[n % len(uuids)]}/sign-in/",
                {"session": session, "dropped_off_by": f"Parent {n}"}, {"HX-Request": "true"}))

        threads = [threading.Thread(target=tap, args=(n,)) for n in range(TAPS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    statuses = [status for status, _ in results]
    assert len(statuses) == TAPS
    assert statuses == [200] * TAPS, [re.sub(r"\s+", " ", b)[:300] for s, b in results if s != 200]
    # However the taps interleaved, each child is signed in exactly once.
    open_rows = _manage_json(demo, (
        "import json; from django.db.models import Count; "
        "from attendance.models import AttendanceRecord as R;"
        "print(json.dumps(list(R.objects.open().filter(setting__slug='acorn-tree').values('child').annotate(n=Count('pk'))"
        ".values_list('n', flat=True))))"))
    assert sorted(open_rows) == [1] * len(uuids)
