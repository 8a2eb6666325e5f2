"""Logs as JSON lines: each carries its request's id, a task queued by a request carries it to
the worker, and no line carries a child's name, whether it came in the query string or the
form (a search box, a note)."""

import io
import json
import logging
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import include, path, reverse
from django.views.decorators.csrf import csrf_exempt

import preschool.tasks
from preschool.logs import PortalJsonFormatter


@csrf_exempt
def _broken(request):
    raise RuntimeError("the database fell over")


urlpatterns = [path("broken/", _broken, name="test-broken"), path("", include("preschool.urls"))]


@pytest.fixture
def console() -> Iterator[io.StringIO]:
    """What the portal's configured console handler (JSON, as with DEBUG off) writes."""
    handler = next(h for h in logging.getLogger().handlers
                   if isinstance(h, logging.StreamHandler)
                   and isinstance(h.formatter, PortalJsonFormatter))
    written = io.StringIO()
    previous = handler.setStream(written)
    try:
        yield written
    finally:
        handler.setStream(previous)


def _lines(console: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in console.getvalue().splitlines()]


def test_it_answers_with_a_request_id_and_keeps_a_well_formed_one(db):
    given = Client().get(reverse("healthz"), HTTP_X_REQUEST_ID="lb-7f3a9c2e.01")
    assert given["X-Request-ID"] == "lb-7f3a9c2e.01"
    forged = Client().get(reverse("healthz"), HTTP_X_REQUEST_ID="x\nERROR forged line")
    assert len(forged["X-Request-ID"]) == 32 and forged["X-Request-ID"].isalnum()
    assert Client().get(reverse("healthz"))["X-Request-ID"] != forged["X-Request-ID"]


@pytest.mark.parametrize(("url", "status", "view"), [
    ("/no-such-page/", 404, "unresolved"),
    ("/broken/", 500, "test-broken"),
])
def test_it_logs_no_childs_name_from_the_query_string_or_the_form(
        world, settings, console, url, status, view):
    settings.ROOT_URLCONF = __name__
    name = f"{world.child.first_name} {world.child.last_name}"
    client = Client(raise_request_exception=False)
    response = client.post(f"{url}?q={name}&child={world.child.last_name}",
                           {"note": f"{name} fell in the garden", "search": name},
                           HTTP_X_REQUEST_ID="request-with-a-name")
    assert response.status_code == status
    written = console.getvalue()
    assert world.child.first_name not in written
    assert world.child.last_name not in written
    lines = _lines(console)
    assert lines and all(line["request_id"] == "request-with-a-name" for line in lines)
    request_line = next(line for line in lines if line["logger"] == "preschool.requests")
    assert request_line["status"] == status
    assert request_line["view"] == view
    assert request_line["method"] == "POST"
    if status == 500:
        error = next(line for line in lines if line["logger"] == "django.request")
        assert error["level"] == "ERROR" and "RuntimeError" in error["exc_info"]


@pytest.mark.worker
def test_it_carries_the_request_id_into_the_task_the_request_queued(
        world, celery_worker, monkeypatch):
    celery_worker.start(LOG_FORMAT="json")
    # A password reset queues its email: here to the real worker.
    monkeypatch.setattr(preschool.tasks, "send_email_message",
                        celery_worker.task("preschool.tasks.send_email_message"))
    email = world.users["parent"].email
    response = Client().post(reverse("account_reset_password"), {"email": email},
                             HTTP_X_REQUEST_ID="reset-request-0001")
    assert response.status_code == 302
    assert response["X-Request-ID"] == "reset-request-0001"

    def task_lines() -> list[dict]:
        lines = []
        for text in celery_worker.logs().splitlines():
            try:
                line = json.loads(text)
            except ValueError:
                continue
            if line.get("task_name") == "preschool.tasks.send_email_message":
                lines.append(line)
        return lines

    celery_worker.wait_until(lambda: any("succeeded" in line["message"]
                                         for line in task_lines()))
    done = next(line for line in task_lines() if "succeeded" in line["message"])
    assert done["request_id"] == "reset-request-0001"
    assert done["task_id"] and done["task_id"] in done["message"]
    # The task's arguments (the address, the email's text) are not in the worker's log.
    assert email not in celery_worker.logs()


def test_it_drops_the_query_string_from_the_development_servers_lines(console):
    logging.getLogger("django.server").info(
        '"%s" %s %s', "GET /children/?q=Ava+Parentchild HTTP/1.1", "200", "1234")
    assert _lines(console)[-1]["message"] == '"GET /children/ HTTP/1.1" 200 1234'
