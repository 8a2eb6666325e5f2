"""Subject access requests for the tests (and the authorization matrix)."""

from django.core.files.base import ContentFile
from django.utils import timezone

from subject_access.models import SubjectAccessRequest


def sar(world, *, persona="parent", received_at=None, **fields) -> SubjectAccessRequest:
    """Pat's request for a copy of Ava's data, received online now (or at ``received_at``)."""
    received_at = received_at or timezone.now()
    values = {
        "setting": world.setting_a, "child": world.child,
        "requester": world.users[persona] if persona else None,
        "requester_name": "" if persona else "Rex Relative", "relationship": "Mother",
        "received_at": received_at, "due_on": SubjectAccessRequest.due_date_for(received_at),
    }
    values.update(fields)
    return SubjectAccessRequest.objects.create(**values)


def released(world, **fields) -> tuple[SubjectAccessRequest, str]:
    """A request whose bundle was released to Pat: the request and its link's token."""
    request = sar(world, status=SubjectAccessRequest.Status.RELEASED,
                  released_by=world.users["manager"], released_at=timezone.now(), **fields)
    request.bundle.save("bundle.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    token = request.new_link(14)
    request.save()
    return request, token
