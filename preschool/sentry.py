"""Error reports to Sentry (when ``SENTRY_DSN`` is set), with no personal data in them.

The SDK is told to send none (no cookies, no user's details, no request bodies, no local
variables of the frames, where a child's name may well sit), and ``without_personal_data``
removes what it might still attach: the query string (a search box puts a child's name in
it), the cookies, every header but a few that describe the browser, and of the user, all but
the id. An error is reported with the request id (a tag) that its log lines carry.
"""

from typing import Any, cast
from urllib.parse import urlsplit, urlunsplit

import sentry_sdk
from sentry_sdk.integrations.celery import CeleryIntegration
from sentry_sdk.integrations.django import DjangoIntegration
from sentry_sdk.types import Event, Hint

from preschool.request_context import request_id

SAFE_HEADERS = {"host", "user-agent", "accept", "accept-language", "content-type",
                "content-length", "x-request-id"}


def start_sentry(dsn: str, *, environment: str, traces_sample_rate: float) -> None:
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        before_send=without_personal_data,
        before_send_transaction=without_personal_data,
    )


def _without_query(url: Any) -> Any:
    if not isinstance(url, str):
        return url
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def without_personal_data(event: Event, hint: Hint | None = None) -> Event:
    """The event as it may leave the portal (``before_send``)."""
    return cast(Event, _scrubbed(cast(dict, event)))


def _scrubbed(event: dict) -> dict:
    request = event.get("request")
    if isinstance(request, dict):
        event["request"] = {
            "method": request.get("method"),
            "url": _without_query(request.get("url")),
            "headers": {name: value for name, value in (request.get("headers") or {}).items()
                        if name.lower() in SAFE_HEADERS},
        }
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        data = crumb.get("data")
        if isinstance(data, dict) and "url" in data:
            data["url"] = _without_query(data["url"])
            data.pop("http.query", None)
    current = request_id()
    if current:
        event.setdefault("tags", {})["request_id"] = current
    return event
