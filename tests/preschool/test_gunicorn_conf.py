"""gunicorn believes X-Forwarded-Proto only when TRUST_X_FORWARDED_PROTO says so, and its access
log, when asked for, shows no query string.

Real gunicorn processes with the shipped gunicorn.conf.py, HTTPS redirects on: a request that
gunicorn takes to be HTTPS is served, one it takes to be plain HTTP is redirected.
"""

import http.client
from urllib.parse import urlsplit

import pytest

from tests.servers import database_url_of_the_test, gunicorn


def _status(url: str, headers: dict[str, str]) -> int:
    """The status of GET ``url`` (redirects are not followed)."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        conn.request("GET", parts.path, headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


@pytest.fixture
def env(db) -> dict[str, str]:
    return {"DATABASE_URL": database_url_of_the_test(), "SECURE_SSL_REDIRECT": "true",
            "CACHE_URL": "db://"}


def test_it_ignores_the_header_from_a_local_peer_unless_told_to_trust_it(env):
    with gunicorn({**env, "TRUST_X_FORWARDED_PROTO": "false"}) as base:
        # From 127.0.0.1, which gunicorn trusts out of the box: still plain HTTP here.
        assert _status(f"{base}/healthz", {"X-Forwarded-Proto": "https"}) == 301


def test_it_believes_the_proxy_when_told_to(env):
    with gunicorn({**env, "TRUST_X_FORWARDED_PROTO": "true"}) as base:
        assert _status(f"{base}/healthz", {"X-Forwarded-Proto": "https"}) == 200
        assert _status(f"{base}/healthz", {}) == 301



def test_its_access_log_when_asked_for_shows_no_query_string(env, tmp_path):
    log = tmp_path / "access.log"
    env = {**env, "SECURE_SSL_REDIRECT": "false", "GUNICORN_ACCESS_LOG": "true",
           "GUNICORN_CMD_ARGS": f"--access-logfile {log}"}
    with gunicorn(env) as base:
        parts = urlsplit(base)
        conn = http.client.HTTPConnection(parts.netloc, timeout=60)
        conn.request("GET", "/healthz?q=Ava+Parentchild",
                     headers={"X-Request-ID": "access-log-0001",
                              "Referer": f"{base}/children/?q=Ava+Parentchild"})
        assert conn.getresponse().status == 200
        conn.close()
    line = log.read_text()
    assert '"GET /healthz HTTP/1.1" 200' in line
    assert "access-log-0001" in line
    assert "Ava" not in line and "Parentchild" not in line
