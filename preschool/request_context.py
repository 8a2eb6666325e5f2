"""The address a request came from, for the audit trail.

Services take the acting user, never the request; the audit trail still records where an
action came from. ``RequestContextMiddleware`` holds the address for the length of one request
and ``log_action`` reads it through ``client_ip()``. Tasks and commands run outside any request
and record no address. Kept apart from ``preschool.middleware`` so that the models can read it
without importing what the other middleware needs.
"""

from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)


def client_ip() -> str | None:
    """The address of the request being served (``REMOTE_ADDR``); None outside a request."""
    return _client_ip.get()


class RequestContextMiddleware:
    """Makes the request's address known to ``client_ip()`` until the response is made, and
    forgets it afterwards, also when the view raised."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _client_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)
