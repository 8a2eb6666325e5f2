"""Authorization matrix: collection's URLs (see tests/test_authorization_matrix.py).

Who may see Ava (staff of Acorn, Pat) see who may collect her; Pat and staff name collectors;
only Pat - parental responsibility and the right to information - sets a password, after
confirming her own password (302 to allauth's re-authentication). Staff sign out and check
passwords; families may not (403 for Pat, who sees Ava; 404 for everyone else).
"""

from io import BytesIO

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from collection.models import AuthorisedCollector, CollectionPassword
from tests.attendance.factories import RecordFactory, all_day
from tests.authz import expect

SEE_AVA = {"manager": 200, "key_person": 200, "practitioner": 200, "parent": 200}
STAFF_A = {"manager": 200, "key_person": 200, "practitioner": 200}


def _ava(w):
    return {"child_uuid": w.child.uuid}


def _collector(w):
    photo = BytesIO()
    Image.new("RGB", (20, 20), (10, 120, 200)).save(photo, format="JPEG")
    return AuthorisedCollector.objects.create(
        setting=w.setting_a, child=w.child, name="Gina Gran", relationship="Grandmother",
        photo=ContentFile(photo.getvalue(), name="gina.jpg"), added_by=w.users["parent"])


def _password(w):
    password = CollectionPassword(setting=w.setting_a, child=w.child,
                                  for_date=timezone.localdate(), collector_name="Uma Uncle",
                                  set_by=w.users["parent"])
    password.set_password("purple tractor")
    password.save()
    return {"password_uuid": password.uuid}


def _record(w):
    return {"record_uuid": RecordFactory(child=w.child, session=all_day(w)).uuid}


MATRIX = {
    "collection-child": ("get", _ava, expect(404, **SEE_AVA)),
    "collection-collector-new": ("get", _ava, expect(404, **SEE_AVA)),
    "collection-collector-remove": (
        "post", lambda w: {"child_uuid": w.child.uuid, "collector_uuid": _collector(w).uuid},
        expect(404, manager=302, key_person=302, practitioner=302, parent=302)),
    "collection-collector-photo": ("get", lambda w: {"collector_uuid": _collector(w).uuid},
                                   expect(404, **SEE_AVA)),
    "collection-password-new": ("get", _ava, expect(
        404, manager=403, key_person=403, practitioner=403, parent=302)),
    "collection-password-cancel": ("post", _password, expect(
        404, manager=403, key_person=403, practitioner=403, parent=302)),
    "collection-sign-out": ("get", _record, expect(404, **STAFF_A, parent=403)),
    # An empty attempt: the sign-out page comes back with the message.
    "collection-password-check": ("post", _record, expect(404, **STAFF_A, parent=403)),
    "collection-late": ("get", None, expect(403, **STAFF_A, other_setting=200)),
}
