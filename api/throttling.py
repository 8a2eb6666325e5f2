"""Rate limits of the whole API (django-ninja's throttling, with the rates of the settings).

- A personal access token: ``API_RATE_TOKEN`` per token.
- A signed-in browser (the portal's own pages, offline capture's sync): ``API_RATE_PERSON``
  per person, however many devices.
- Anyone else, on an operation open to anyone (none today): ``API_RATE_ANONYMOUS`` per
  address (the request's, as the audit trail records it).

Each counts in the cache (Redis in production), the requests of the last period. ninja runs
them after authentication; a request over a limit answers 429, ``{"detail": ...}``, with
``Retry-After`` in seconds. The rates are read at each request, so a change of settings (or a
test's) needs no new API object.
"""

from django.conf import settings
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from preschool.request_context import client_ip


class SettingRateThrottle(SimpleRateThrottle):
    """A ninja throttle whose rate is the setting ``rate_setting``, read at each request."""

    rate_setting = ""

    def __init__(self):
        self.rate = None  # read from the settings at each request (allow_request)

    def allow_request(self, request) -> bool:
        self.rate = getattr(settings, self.rate_setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def wait(self) -> float:
        """Seconds until the oldest request of the period leaves it (always a number: a 429
        always says when to retry)."""
        assert self.duration is not None
        if not self.history:
            return float(self.duration)
        return max(self.duration - (self.now - self.history[-1]), 1.0)


class TokenThrottle(SettingRateThrottle):
    scope = "token"
    rate_setting = "API_RATE_TOKEN"

    def get_cache_key(self, request) -> str | None:
        token = getattr(request, "api_token", None)
        if token is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.pk}


class PersonThrottle(SettingRateThrottle):
    scope = "person"
    rate_setting = "API_RATE_PERSON"

    def get_cache_key(self, request) -> str | None:
        signed_in = getattr(request, "auth", None) is not None
        if not signed_in or getattr(request, "api_token", None) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


class AnonymousThrottle(SettingRateThrottle):
    scope = "anonymous"
    rate_setting = "API_RATE_ANONYMOUS"

    def get_cache_key(self, request) -> str | None:
        if getattr(request, "auth", None) is not None:
            return None
        return self.cache_format % {"scope": self.scope,
                                    "ident": client_ip() or self.get_ident(request)}


THROTTLES: list[BaseThrottle] = [TokenThrottle(), PersonThrottle(), AnonymousThrottle()]
