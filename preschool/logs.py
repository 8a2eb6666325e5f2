"""Logging filters and the JSON formatter used by ``LOGGING`` in the settings.

No child's data in logs: a log line names requests by their view and tasks by their name, and
things by their id. The filters below make sure of what the portal does not write itself:
Django attaches the request (whose text shows its query string, where a search box puts a
child's name) to the records of ``django.request``, and Celery attaches a failed task's
arguments (an email's address and text) to its own; neither is written out.
"""

import logging
from typing import Any

from django.views.debug import ExceptionReporter
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from preschool.request_context import current_task, request_id

# Attributes of a log record that are never written: ``request`` (Django's, with the query
# string), ``data`` (Celery's, with a task's arguments), ``server_time`` (runserver's).
NEVER_WRITTEN = ("request", "data", "server_time")


class ClientErrorsOnOneLine(logging.Filter):
    """A 4xx response is logged as one line: what and where, without the traceback.

    Django attaches the exception to every 403 and 404 it logs; those are expected answers
    (a family following an old link, a probe), and a traceback each buries the 500s, which keep
    theirs.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and status < 500:
            record.exc_info = None
            record.exc_text = None
        return True


class WithoutQueryString(logging.Filter):
    """The request line of the development server's log (``django.server``) without its
    query string."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            method, _, rest = record.args[0].partition(" ")
            target, space, protocol = rest.rpartition(" ")
            if "?" in target:
                line = f"{method} {target.partition('?')[0]}{space}{protocol}"
                record.args = (line, *record.args[1:])
        return True


class RequestContext(logging.Filter):
    """Gives every record the id of the request it was written for (``request_id``; in a
    worker, the id of the request that queued the task) and, in a worker, the running task's
    name and id (``task_name``, ``task_id``). "-" and empty outside them."""

    def filter(self, record: logging.LogRecord) -> bool:
        # Django logs a 4xx or 5xx answer once the middleware is done, the request attached.
        attached = getattr(getattr(record, "request", None), "request_id", None)
        record.request_id = request_id() or attached or "-"
        task = current_task()
        record.task_name, record.task_id = task if task else ("", "")
        return True


class PortalJsonFormatter(JsonFormatter):
    """One JSON object a line: time, level, logger, message, the request and task ids, any
    ``extra`` the portal gives, but never the attributes of ``NEVER_WRITTEN``."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, *NEVER_WRITTEN])
        kwargs.setdefault("timestamp", True)
        super().__init__(*args, **kwargs)


class PortalExceptionReporter(ExceptionReporter):
    """The report of a server error that Django emails to ``ADMINS``, without a person's data.

    Django's own report lists the request's query string, form fields, files, cookies and
    headers, the signed-in person's name and every frame's local variables: the records the
    view was working on. This one keeps what finds the fault (the exception, the traceback's
    lines, the view, the method and path, the request id) and gives only the names of the
    fields and cookies, the person's id, and a few harmless headers. The exception's own
    message is kept: it is the portal's or the database's, and says what went wrong.
    """

    HIDDEN = "********************"
    HEADERS_KEPT = ("REQUEST_METHOD", "PATH_INFO", "SERVER_NAME", "SERVER_PORT", "HTTP_HOST",
                    "HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE", "CONTENT_TYPE",
                    "CONTENT_LENGTH", "HTTP_X_REQUEST_ID")

    def get_traceback_data(self) -> dict[str, Any]:
        data = super().get_traceback_data()
        for key in ("request_GET_items", "filtered_POST_items", "request_FILES_items",
                    "request_COOKIES_items"):
            if key in data:
                data[key] = [(name, self.HIDDEN) for name, _ in data[key]]
        if "request_meta" in data:
            data["request_meta"] = {name: value for name, value in data["request_meta"].items()
                                    if name in self.HEADERS_KEPT}
        if data.get("request_insecure_uri"):
            data["request_insecure_uri"] = data["request_insecure_uri"].split("?", 1)[0]
        for frame in data.get("frames", []):
            frame["vars"] = []
        if "user_str" in data:
            pk = getattr(getattr(self.request, "user", None), "pk", None)
            data["user_str"] = f"user {pk}" if pk else "anonymous"
        return data
