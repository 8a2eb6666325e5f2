"""The email Django sends the portal's operators (ADMINS) about a server error names the
fault, never the data of the person or child the request was about."""

import logging
import sys

import pytest
from django.core import mail
from django.test import Client
from django.utils.log import AdminEmailHandler
from django.views.debug import ExceptionReporter

from preschool.logs import PortalExceptionReporter

pytestmark = pytest.mark.urls("tests.preschool.broken_page_urls")


@pytest.fixture
def operators(settings):
    settings.ADMINS = [("Operators", "operators@example.org")]


def test_it_emails_the_fault_without_the_childs_name(world, operators):
    name = f"{world.child.first_name} {world.child.last_name}"
    browser = Client(raise_request_exception=False)
    browser.force_login(world.users["parent"])
    response = browser.post(f"/broken/?search={name}", {"note": f"{name} has a rash"},
                            HTTP_X_REQUEST_ID="request-1234567")
    assert response.status_code == 500
    [email] = mail.outbox
    body = email.body + "".join(str(a[0] if isinstance(a, tuple) else a)
                                for a in email.alternatives)
    assert "RuntimeError" in body and "the database fell over" in body
    assert "/broken/" in body and "request-1234567" in body
    assert "note = '********************'" in body
    assert world.child.first_name not in body
    assert world.child.last_name not in body
    assert world.users["parent"].email not in body
    assert world.users["parent"].full_name not in body
    assert f"user {world.users['parent'].pk}" in body


def test_it_hides_what_djangos_own_report_shows(world, rf):
    # The same request and error in Django's report and in the portal's: the test above
    # can fail.
    name = f"{world.child.first_name} {world.child.last_name}"
    request = rf.post(f"/broken/?search={world.child.last_name}", {"note": f"{name} has a rash"})
    request.user = world.users["parent"]
    try:
        raise RuntimeError("the database fell over")
    except RuntimeError:
        error = sys.exc_info()
    djangos = ExceptionReporter(request, *error).get_traceback_text()
    portals = PortalExceptionReporter(request, *error).get_traceback_text()
    assert world.child.last_name in djangos and name in djangos
    assert world.child.last_name not in portals and world.child.first_name not in portals
    assert "the database fell over" in portals


def test_the_operators_emails_use_the_portals_report():
    # Django's handler reads its report's class once, when logging is set up.
    [handler] = [h for h in logging.getLogger("django").handlers
                 if isinstance(h, AdminEmailHandler)]
    assert handler.reporter_class is PortalExceptionReporter
