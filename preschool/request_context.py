"""What the portal knows of the request (or task) being served, for the audit trail and logs.

Services take the acting user, never the request; the audit trail still records where an
action came from, and every log line says which request or task wrote it.
``RequestContextMiddleware`` holds the address and the request id for the length of one
request; ``log_action`` reads the address through ``client_ip()`` and the log filter
(preschool/logs.py) the id through ``request_id()``. A task queued during a request carries
the request's id (preschool/celery.py), and the worker holds it, with the task's name and id,
while the task runs. Commands run outside any request and record no address. Kept apart from
``preschool.middleware`` so that the models can read it without importing what the other
middleware needs.
"""

import re
import uuid
from contextvars import ContextVar

_client_ip: ContextVar[str | None] = ContextVar("client_ip", default=None)
_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_task: ContextVar[tuple[str, str] | None] = ContextVar("task", default=None)

# An id a proxy or load balancer already gave the request is kept, so that its logs and ours
# meet; anything else (too long, odd characters that could forge log lines) is replaced.
REQUEST_ID_HEADER = "X-Request-ID"
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9._-]{8,64}")


def client_ip() -> str | None:
    """The address of the request being served (``REMOTE_ADDR``); None outside a request."""
    return _client_ip.get()


def request_id() -> str | None:
    """The id of the request being served, or of the request that queued the running task;
    None elsewhere."""
    return _request_id.get()


def current_task() -> tuple[str, str] | None:
    """The name and id of the task this worker runs now; None outside a task."""
    return _task.get()


def request_id_from(header: str | None) -> str:
    """The incoming ``X-Request-ID`` if it is a plain token, else a new random id."""
    if header and REQUEST_ID_PATTERN.fullmatch(header):
        return header
    return uuid.uuid4().hex


def use_request_id(value: str | None):
    """Hold ``value`` as the request id; returns the token to give to ``forget_request_id``."""
    return _request_id.set(value)


def forget_request_id(token) -> None:
    _request_id.reset(token)


def use_task(name: str, task_id: str):
    return _task.set((name, task_id))


def forget_task(token) -> None:
    _task.reset(token)


class RequestContextMiddleware:
    """Makes the request's address known to ``client_ip()`` and its id to ``request_id()``
    until the response is made, and forgets both afterwards, also when the view raised. The
    id is sent back in the ``X-Request-ID`` header, for a person reporting a problem to quote."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request.headers.get(REQUEST_ID_HEADER))
        ip_token = _client_ip.set(request.META.get("REMOTE_ADDR"))
        id_token = _request_id.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            _request_id.reset(id_token)
            _client_ip.reset(ip_token)
        response[REQUEST_ID_HEADER] = request.request_id
        return response
