"""Rate limits of the API: per token, per signed-in person, per address for anyone else;
counted in the tests' real cache (Redis in CI, where CACHE_URL names it; the database cache
in a plain `make test`); a 429 in JSON with Retry-After."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone

from api.models import ApiToken, digest_of, new_token
from api.throttling import AnonymousThrottle
from preschool.env import EnvError, env_rate


@pytest.fixture(autouse=True)
def _counted_from_nothing(db):
    """Each test counts from nothing, in whichever cache the settings name (the database
    cache is a table: hence ``db``)."""
    cache.clear()


def _secret_for(membership) -> str:
    secret = new_token()
    ApiToken.objects.create(
        setting=membership.setting, user=membership.user, created_by=membership.user,
        name="Script", scopes=["children:read"], prefix=secret[:12], digest=digest_of(secret),
        expires_at=timezone.now() + timedelta(days=1))
    return secret


def _me(client, secret=None):
    extra = {"HTTP_AUTHORIZATION": f"Bearer {secret}"} if secret else {}
    return client.get("/api/v1/me", **extra)


def test_a_token_is_limited_per_token(world, settings):
    settings.API_RATE_TOKEN = "3/m"
    first = _secret_for(world.memberships["practitioner"])
    second = _secret_for(world.memberships["practitioner"])
    client = Client()
    assert [_me(client, first).status_code for _ in range(3)] == [200, 200, 200]
    refused = _me(client, first)
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("application/json")
    assert refused.json() == {"detail": "Too many requests: wait a little, then try again."}
    assert 1 <= int(refused["Retry-After"]) <= 60
    # The limit is the token's: another token of the same person still works.
    assert _me(client, second).status_code == 200
    # Counted in the cache (Redis), where every web process sees it.
    assert len(cache.get(f"throttle_token_{ApiToken.objects.get(digest=digest_of(first)).pk}")) == 3


def test_a_signed_in_browser_is_limited_per_person(world, settings):
    settings.API_RATE_PERSON = "2/m"
    settings.API_RATE_TOKEN = "100/m"
    laptop, tablet = world.client_for("manager"), world.client_for("manager")
    assert _me(laptop).status_code == 200 and _me(tablet).status_code == 200
    # Two browsers of one person share the limit.
    refused = _me(laptop)
    assert refused.status_code == 429 and "Retry-After" in refused
    # Someone else is not held up, nor the person's own token (its own limit).
    assert _me(world.client_for("key_person")).status_code == 200
    assert _me(Client(), _secret_for(world.memberships["manager"])).status_code == 200


def test_anyone_else_is_limited_per_address(settings):
    """No operation is open to anyone today: the throttle itself, on requests that no
    authentication accepted."""
    settings.API_RATE_ANONYMOUS = "2/m"
    throttle = AnonymousThrottle()

    def request(address):
        made = RequestFactory().get("/api/v1/public", REMOTE_ADDR=address)
        made.auth = None
        return made

    assert throttle.allow_request(request("192.0.2.1"))
    assert throttle.allow_request(request("192.0.2.1"))
    assert not throttle.allow_request(request("192.0.2.1"))
    assert throttle.wait() >= 1
    assert throttle.allow_request(request("192.0.2.2"))


@pytest.mark.parametrize("value", ["600", "600/w", "0/m", "-1/m", "many/m", "/m"])
def test_a_bad_rate_stops_start_up(monkeypatch, value):
    monkeypatch.setenv("API_RATE_TOKEN", value)
    with pytest.raises(EnvError, match="API_RATE_TOKEN"):
        env_rate("API_RATE_TOKEN", "600/m")


def test_a_rate_is_read_from_the_environment(monkeypatch):
    monkeypatch.setenv("API_RATE_TOKEN", "30/s")
    assert env_rate("API_RATE_TOKEN", "600/m") == "30/s"
    monkeypatch.delenv("API_RATE_TOKEN")
    assert env_rate("API_RATE_TOKEN", "600/m") == "600/m"
