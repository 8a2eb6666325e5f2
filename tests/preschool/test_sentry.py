"""With SENTRY_DSN set, a server error is reported to Sentry: the exception and the request
id, and nothing of the child whose name came in the query string and the form.

A real gunicorn sends its reports to a small Sentry stand-in on 127.0.0.1."""

import gzip
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

try:
    import brotli  # type: ignore[import-untyped]
except ImportError:  # the SDK then compresses with gzip
    brotli = None

from tests.servers import database_url_of_the_test, gunicorn


class SentryStandIn(BaseHTTPRequestHandler):
    envelopes: list[str] = []

    def do_POST(self):  # noqa: N802 (http.server's name)
        body = self.rfile.read(int(self.headers["Content-Length"]))
        encoding = self.headers.get("Content-Encoding", "")
        if encoding == "gzip":
            body = gzip.decompress(body)
        elif encoding == "br" and brotli is not None:
            body = brotli.decompress(body)
        self.envelopes.append(body.decode())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def sentry() -> Iterator[tuple[str, list[str]]]:
    """The DSN of a Sentry stand-in and the envelopes it received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), SentryStandIn)
    SentryStandIn.envelopes = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://publickey@127.0.0.1:{server.server_port}/1", SentryStandIn.envelopes
    finally:
        server.shutdown()
        server.server_close()


def test_it_reports_a_server_error_without_the_childs_name(world, sentry):
    dsn, envelopes = sentry
    name = f"{world.child.first_name} {world.child.last_name}"
    env = {"DATABASE_URL": database_url_of_the_test(), "SENTRY_DSN": dsn,
           "SENTRY_ENVIRONMENT": "test",
           "DJANGO_SETTINGS_MODULE": "tests.preschool.broken_page_settings"}
    with gunicorn(env) as base:
        query = urllib.parse.urlencode({"q": name})
        form = urllib.parse.urlencode({"note": f"{name} fell in the garden"}).encode()
        request = urllib.request.Request(  # noqa: S310
            f"{base}/broken/?{query}", data=form,
            headers={"X-Request-ID": "sentry-request-0001", "Cookie": f"note={name}",
                     "X-Child": name})
        with pytest.raises(urllib.error.HTTPError) as error:
            urllib.request.urlopen(request, timeout=60)  # noqa: S310
        assert error.value.code == 500
        deadline = threading.Event()
        for _ in range(100):
            if any('"exception"' in envelope for envelope in envelopes):
                break
            deadline.wait(0.2)
    report = next(envelope for envelope in envelopes if '"exception"' in envelope)
    assert "RuntimeError" in report and "the database fell over" in report
    assert "sentry-request-0001" in report
    assert '"environment":"test"' in report.replace(" ", "")
    assert world.child.first_name not in report
    assert world.child.last_name not in report
