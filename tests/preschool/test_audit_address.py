"""The audit trail records the address an action came from; services never see the request.

The address reaches ``log_action`` from the request being served: tasks, commands and
anything else run outside a request record none.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from preschool.models import AuditEvent, log_action
from preschool.request_context import RequestContextMiddleware, client_ip
from preschool.services import invite_person, revoke_invitation


def _invite(world, email="new.parent@example.org"):
    return invite_person(world.users["manager"], world.setting_a, email=email, role="parent")


def _withdraw_through_the_portal(world, invitation, address="203.0.113.9"):
    world.client_for("manager").post(
        reverse("people-invitation-revoke", args=[invitation.uuid]), REMOTE_ADDR=address)


def test_it_records_the_address_of_the_request_that_did_it(world):
    _withdraw_through_the_portal(world, _invite(world))
    assert AuditEvent.objects.get(action="invitation.revoked").ip_address == "203.0.113.9"


def test_it_records_no_address_outside_a_request(world):
    revoke_invitation(world.users["manager"], _invite(world))
    assert AuditEvent.objects.get(action="invitation.revoked").ip_address is None


def test_it_forgets_the_address_when_the_request_ends(world):
    _withdraw_through_the_portal(world, _invite(world))
    later = _invite(world, email="another.parent@example.org")
    event = AuditEvent.objects.get(action="invitation.sent", object_id=str(later.uuid))
    assert event.ip_address is None
    assert log_action(world.users["manager"], "test.done").ip_address is None


def test_it_forgets_the_address_when_the_view_fails(world):
    def failing_view(request):
        assert client_ip() == "198.51.100.4"
        raise RuntimeError("the view failed")

    middleware = RequestContextMiddleware(failing_view)
    with pytest.raises(RuntimeError):
        middleware(RequestFactory().get("/", REMOTE_ADDR="198.51.100.4"))
    assert client_ip() is None
    assert log_action(world.users["manager"], "test.done").ip_address is None
