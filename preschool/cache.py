"""The portal's cache: Redis, and the database cache while Redis cannot be reached.

The cache holds allauth's rate limits on signing in and resetting a password (allauth uses the
default cache). If it simply failed with Redis, nobody could sign in while Redis was down; if
it ignored the failure, the limits would stop counting. Falling back to the database cache
keeps both: sign-in works and the limits go on being enforced, counted in the database until
Redis answers again.
"""

import logging
import time
from typing import Any

from django.core.cache import caches
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# How long to leave Redis alone after it failed, so that each request does not wait for it.
RETRY_REDIS_AFTER_SECONDS = 30


class RedisOrDatabaseCache(BaseCache):
    """``LOCATION`` is the Redis URL; ``OPTIONS["FALLBACK"]`` the alias of the database cache in
    ``CACHES`` (so that ``createcachetable`` makes its table). Other options go to Redis."""

    def __init__(self, location: str, params: dict[str, Any]):
        super().__init__(params)
        options = dict(params.get("OPTIONS", {}))
        self._fallback = options.pop("FALLBACK")
        shared = {k: v for k, v in params.items() if k != "OPTIONS"}
        # Fail fast: a sign-in should not hang on a Redis that is not there.
        options.setdefault("socket_connect_timeout", 1)
        options.setdefault("socket_timeout", 1)
        self._redis = RedisCache(location, {**shared, "OPTIONS": options})
        self._redis_down_until = 0.0

    def _call(self, name: str, *args, **kwargs):
        if time.monotonic() >= self._redis_down_until:
            try:
                return getattr(self._redis, name)(*args, **kwargs)
            except (RedisConnectionError, RedisTimeoutError) as exc:
                logger.warning("Redis cache unavailable (%s): using the database cache", exc)
                self._redis_down_until = time.monotonic() + RETRY_REDIS_AFTER_SECONDS
        return getattr(caches[self._fallback], name)(*args, **kwargs)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", key, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version)

    def clear(self):
        return self._call("clear")

    def close(self, **kwargs):
        self._redis.close(**kwargs)
