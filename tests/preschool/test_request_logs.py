"""403s and 404s are logged as one line each; a 500 keeps its traceback."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client
from django.urls import include, path, reverse


def _refused(request):
    raise PermissionDenied


def _missing(request):
    raise Http404("No such child")


def _broken(request):
    raise RuntimeError("the database fell over")


# The portal's own URLs too: its error pages link to them.
urlpatterns = [path("refused/", _refused), path("missing/", _missing), path("broken/", _broken),
               path("", include("preschool.urls"))]


def _django_request_lines(caplog) -> list[str]:
    """What the console shows for django.request, with the portal's own format."""
    formatter = logging.Formatter("%(levelname)s %(name)s %(message)s")
    return [line for record in caplog.records if record.name == "django.request"
            for line in formatter.format(record).splitlines()]


@pytest.mark.parametrize(("url", "status", "line"), [
    ("/refused/", 403, "WARNING django.request Forbidden (Permission denied): /refused/"),
    ("/missing/", 404, "WARNING django.request Not Found: /missing/"),
])
def test_it_logs_a_client_error_on_one_line(db, settings, caplog, url, status, line):
    settings.ROOT_URLCONF = __name__
    caplog.set_level(logging.INFO)
    assert Client().get(url).status_code == status
    assert _django_request_lines(caplog) == [line]


def test_it_logs_a_real_page_not_found_on_one_line(world, caplog):
    caplog.set_level(logging.INFO)
    response = world.client_for("other_parent").get(
        reverse("child-detail", args=[world.child.uuid]))
    assert response.status_code == 404
    assert len(_django_request_lines(caplog)) == 1


def test_a_server_error_keeps_its_traceback(db, settings, caplog):
    settings.ROOT_URLCONF = __name__
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    assert client.get("/broken/").status_code == 500
    lines = _django_request_lines(caplog)
    assert lines[0] == "ERROR django.request Internal Server Error: /broken/"
    assert "Traceback (most recent call last):" in lines
    assert lines[-1] == "RuntimeError: the database fell over"
