"""With Redis down, people can still sign in and reset a password, and the rate limits on
both still bite (they are counted in the database cache until Redis is back)."""

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD
from tests.servers import BROKER, require_redis

NOTHING_LISTENS = "redis://127.0.0.1:1/7"  # port 1: the connection is refused
# This worker's own database on the tests' Redis (the test removes the keys it made).
REDIS = BROKER


def _cache_on(location: str) -> dict:
    return {"default": {"BACKEND": "preschool.cache.RedisOrDatabaseCache",
                        "LOCATION": location, "KEY_PREFIX": "preschool-test",
                        "OPTIONS": {"FALLBACK": "database"}},
            "database": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                         "LOCATION": "portal_cache"}}


@pytest.fixture
def redis_down(settings):
    settings.CACHES = _cache_on(NOTHING_LISTENS)


def _login(client, email, password):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_it_signs_in(world, client, redis_down):
    response = _login(client, "parent@example.org", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_it_sends_a_password_reset(world, client, redis_down,
                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"),
                               {"email": "parent@example.org"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["parent@example.org"]]


def test_failed_sign_ins_are_still_limited(world, client, redis_down):
    for _ in range(5):
        assert _login(client, "parent@example.org", "wrong-password").status_code == 200
    response = _login(client, "parent@example.org", PASSWORD)
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_resets_are_still_limited(world, client, redis_down,
                                           django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post(reverse("account_reset_password"), {"email": "parent@example.org"})
        response = client.post(reverse("account_reset_password"),
                               {"email": "parent@example.org"})
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_with_redis_up_the_counters_are_kept_in_redis(world, client, settings):
    require_redis()
    import redis

    settings.CACHES = _cache_on(REDIS)
    server = redis.Redis.from_url(REDIS)
    # Only this test's keys: the database may be shared.
    for key in server.scan_iter("preschool-test:*"):
        server.delete(key)
    _login(client, "parent@example.org", "wrong-password")
    keys = list(server.scan_iter("preschool-test:*"))
    assert keys, "the rate-limit counters should be in Redis"
    server.delete(*keys)
