"""gunicorn believes X-Forwarded-Proto only when TRUST_X_FORWARDED_PROTO says so.

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

