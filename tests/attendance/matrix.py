"""Authorization matrix: the register's URLs (see tests/test_authorization_matrix.py).

Staff of Acorn keep the register; Pat (Ava's parent) sees Ava's attendance and reports her
absences, but not the register (403); Casey (no right to information), Olly (another child's
parent), Bea (another setting) and the superuser (no setting) do not see Ava (404).
"""

from datetime import timedelta

from django.utils import timezone

from attendance.models import Absence, RegularSession
from tests.attendance.factories import RecordFactory, ShiftFactory, all_day
from tests.authz import expect

SEE_AVA = {"manager": 200, "key_person": 200, "practitioner": 200, "parent": 200}
STAFF_A = {"manager": 200, "key_person": 200, "practitioner": 200}
STAFF_A_POST = {"manager": 302, "key_person": 302, "practitioner": 302}


def _ava(w):
    return {"child_uuid": w.child.uuid}


def _room(w):
    return {"room_uuid": w.room.uuid}


def _record(w):
    return {"record_uuid": RecordFactory(child=w.child, session=all_day(w)).uuid}


def _regular(w):
    regular = RegularSession.objects.create(setting=w.setting_a, child=w.child,
                                            session=all_day(w), weekday=0,
                                            added_by=w.users["manager"])
    return {"child_uuid": w.child.uuid, "regular_uuid": regular.uuid}


def _absence(w):
    day = timezone.localdate() + timedelta(days=1)
    absence = Absence.objects.create(setting=w.setting_a, child=w.child, first_day=day,
                                     last_day=day, reason="illness",
                                     reported_by=w.users["parent"])
    return {"absence_uuid": absence.uuid}


def _perry_shift(w):
    shift = ShiftFactory(membership=w.memberships["practitioner"], room=w.room)
    return {"shift_uuid": shift.uuid}


MATRIX = {
    "attendance-index": ("get", None, expect(403, **STAFF_A, other_setting=200)),
    "attendance-register": ("get", _room, expect(
        404, **STAFF_A, parent=403, carer_no_info=403, other_parent=403)),
    "attendance-ratio": ("get", _room, expect(
        404, **STAFF_A, parent=403, carer_no_info=403, other_parent=403)),
    "attendance-child": ("get", _ava, expect(404, **SEE_AVA)),
    # An empty form: the register comes back with the message (302) for staff.
    "attendance-sign-in": ("post", _ava, expect(404, **STAFF_A_POST, parent=403)),
    "attendance-absence-new": ("get", _ava, expect(404, **SEE_AVA)),
    "attendance-absence-withdraw": ("post", _absence, expect(404, **STAFF_A_POST, parent=302)),
    "attendance-regular-new": ("get", _ava, expect(404, **STAFF_A, parent=403)),
    "attendance-regular-end": ("post", _regular, expect(404, **STAFF_A_POST, parent=403)),
    "attendance-record": ("get", _record, expect(404, **STAFF_A, parent=403)),
    "attendance-record-correct": ("get", _record, expect(404, **STAFF_A, parent=403)),
    "attendance-collecting": ("post", _record, expect(404, **STAFF_A_POST, parent=403)),
    "attendance-staff": ("get", None, expect(403, **STAFF_A, other_setting=200)),
    # Perry's own shift: Perry and managers may sign it out; Kim sees it but may not.
    "attendance-staff-sign-out": ("post", _perry_shift, expect(
        404, manager=302, practitioner=302, key_person=403)),
    "attendance-qualification": (
        "get", lambda w: {"membership_uuid": w.memberships["key_person"].uuid},
        expect(404, manager=200, key_person=403, practitioner=403, parent=403,
               carer_no_info=403, other_parent=403)),
    "attendance-breaches": ("get", None, expect(403, manager=200, other_setting=200)),
    "attendance-day": ("get", None, expect(403, **STAFF_A, other_setting=200)),
    "attendance-history": ("get", None, expect(403, **STAFF_A, other_setting=200)),
    # A sensitive action: managers are first asked to confirm their password (302).
    "attendance-export": ("get", None, expect(403, manager=302, other_setting=302)),
    "attendance-settings": ("get", None, expect(403, manager=200, other_setting=200)),
    "attendance-session-new": ("get", None, expect(403, manager=200, other_setting=200)),
    "attendance-session-usual": ("post", None, expect(403, manager=302, other_setting=302)),
    "attendance-session-retire": ("post", lambda w: {"session_uuid": all_day(w).uuid},
                                  expect(404, manager=302, key_person=403, practitioner=403,
                                         parent=403, carer_no_info=403, other_parent=403)),
}
