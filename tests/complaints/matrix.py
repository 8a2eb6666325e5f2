"""Authorization matrix: the complaints app's URLs (see tests/test_authorization_matrix.py).

The concern is Pat's complaint about Ava. Managers of Acorn handle it; Pat sees it (never its
notes or files); practitioners see only compliments and suggestions shared with the team, so
this complaint is 404 for them, as for everyone else.
"""

from django.core.files.base import ContentFile

from complaints.models import Attachment
from tests.authz import expect
from tests.complaints.factories import concern


def _concern(world):
    return {"concern_uuid": concern(world).uuid}


def _attachment(world):
    attachment = Attachment.objects.create(
        concern=concern(world), file=ContentFile(b"%PDF-1.4 test", name="letter.pdf"),
        original_name="letter.pdf",
        content_type="application/pdf", size=13, uploaded_by=world.users["manager"])
    return {"attachment_uuid": attachment.uuid}


MANAGERS = {"manager": 200, "other_setting": 200}
# Pat's complaint: the manager handles it (an empty form comes back with its errors: 200),
# Pat sees it but may not handle it (403); anyone else: 404.
HANDLE = expect(404, manager=200, parent=403)

MATRIX = {
    # A superuser belongs to no setting: the list explains how to get one, like child-list.
    "complaints-list": ("get", None, expect(200)),
    "complaints-raise": ("get", None, expect(200, superuser=403)),
    "complaints-record": ("get", None, expect(403, **MANAGERS)),
    # Exports ask for the password again (a fresh sign-in): 302 to the reauthentication page.
    "complaints-record-pdf": ("get", None, expect(403, manager=302, other_setting=302)),
    "complaints-record-csv": ("get", None, expect(403, manager=302, other_setting=302)),
    "complaints-detail": ("get", _concern, expect(404, manager=200, parent=200)),
    "complaints-acknowledge": ("post", _concern, HANDLE),
    "complaints-assign": ("post", _concern, HANDLE),
    "complaints-note": ("post", _concern, HANDLE),
    "complaints-attachment-add": ("post", _concern, HANDLE),
    "complaints-close": ("get", _concern, HANDLE),
    # Sharing a complaint is refused with a message (only compliments and suggestions are
    # shared): redirected back to it.
    "complaints-share": ("post", _concern, expect(404, manager=302, parent=403)),
    # Staff-only files: 404 for Pat too.
    "complaints-attachment": ("get", _attachment, expect(404, manager=200)),
}
