"""Authorization matrix: the subject access app's URLs (see tests/test_authorization_matrix.py).

The request is Pat's, for a copy of Ava's data. Managers of Acorn handle it; Pat sees it and
its status (403 for handling it); anyone else, and the other setting's manager, 404. The
download link works only for Pat, signed in.
"""

from django.core.files.base import ContentFile

from subject_access.models import SubjectAccessRequest
from tests.authz import expect
from tests.subject_access.factories import released, sar


def _request(world):
    return {"request_uuid": sar(world).uuid}


def _built(world):
    request = sar(world, status=SubjectAccessRequest.Status.READY)
    request.bundle.save("bundle.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    return {"request_uuid": request.uuid}


def _released_only(world):
    return {"request_uuid": released(world)[0].uuid}


def _released(world):
    request, token = released(world)
    return {"request_uuid": request.uuid, "token": token}


FAMILIES = {"parent": 200, "carer_no_info": 200, "other_parent": 200}
STAFF = {"manager": 200, "key_person": 200, "practitioner": 200, "other_setting": 200}
# Pat's request: a manager's empty form comes back with its errors (200), an action
# redirects back to the request (302); Pat sees it but may not handle it (403); others 404.
HANDLE_FORM = expect(404, manager=200, parent=403)
HANDLE_ACTION = expect(404, manager=302, parent=403)

MATRIX = {
    # Everyone has "Your data"; managers the list. A superuser belongs to no setting: the page
    # explains how to get one.
    "subject-access-list": ("get", None, expect(200)),
    "subject-access-ask": ("get", None, expect(403, **FAMILIES)),
    "subject-access-log": ("get", None, expect(403, **STAFF)),
    # An export: asks for the password again (302 to re-authenticate).
    "subject-access-log-pdf": ("get", None, expect(403, manager=302, other_setting=302)),
    "subject-access-detail": ("get", _request, expect(404, manager=200, parent=200)),
    "subject-access-build": ("post", _request, HANDLE_ACTION),
    "subject-access-progress": ("get", _request, expect(404, manager=200, parent=403)),
    # Downloading the copy to check it asks for the password again: 302 to re-authenticate.
    "subject-access-check": ("get", _built, expect(404, manager=302, parent=403)),
    "subject-access-release": ("post", _built, HANDLE_ACTION),
    "subject-access-reissue": ("post", _released_only, HANDLE_ACTION),
    "subject-access-hand-over": ("post", _built, HANDLE_FORM),
    "subject-access-extend": ("post", _request, HANDLE_FORM),
    "subject-access-refuse": ("post", _request, HANDLE_FORM),
    "subject-access-close": ("post", _request, HANDLE_FORM),
    # The link is Pat's alone: the manager who released it gets 404 as well.
    "subject-access-download": ("get", _released, expect(404, parent=200)),
}
