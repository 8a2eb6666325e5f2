"""Authorization matrix: the key person app's URLs (see tests/test_authorization_matrix.py).

Ava's family is Pat (the parent, with the right to information); Casey is linked to Ava
without it, so sees nothing of hers; Olly is the parent of another child. Kim is Ava's key
person; Perry another practitioner, who may see Ava but not write her settling-in record nor
read her family's meeting requests.
"""

from django.core.files.base import ContentFile

from keyperson.models import MeetingRequest, StaffProfile
from tests.authz import expect
from tests.keyperson.factories import (
    BookingFactory,
    HomeVisitFactory,
    SettlingVisitFactory,
    ava_meeting,
    image_bytes,
    kim_slot,
    parents_evening,
)


def _kim_profile(world):
    return StaffProfile.objects.create(membership=world.memberships["key_person"],
                                       setting=world.setting_a,
                                       photo=ContentFile(image_bytes(), name="kim.jpg"))


def _child(world):
    return {"child_uuid": world.child.uuid}


def _accepted_meeting(world):
    meeting = ava_meeting(world)
    MeetingRequest.objects.filter(pk=meeting.pk).update(
        status=MeetingRequest.Status.ACCEPTED, scheduled_at=meeting.option_1)
    return {"meeting_uuid": meeting.uuid}


def _booking(world):
    event = parents_evening(world)
    booking = BookingFactory(slot=kim_slot(event), event=event, child=world.child,
                             booked_by=world.users["parent"])
    return {"booking_uuid": booking.uuid}


def _slot(world):
    return {"child_uuid": world.child.uuid, "slot_uuid": kim_slot(parents_evening(world)).uuid}


# Who may see Ava at all: staff of Acorn and Pat. Everyone else: 404.
SEE_AVA = {"manager": 200, "key_person": 200, "practitioner": 200, "parent": 200}
# Who writes Ava's settling-in record: her key person (or back-up) and managers.
WRITE_AVA = expect(404, manager=200, key_person=200, practitioner=403, parent=403)
# Members of Acorn (families included) see its staff photos and events.
ACORN = {**SEE_AVA, "carer_no_info": 200, "other_parent": 200}
MEETING_PARTIES = {"manager": 200, "key_person": 200, "parent": 200}

MATRIX = {
    "keyperson-caseload": ("get", None, expect(403, manager=200, other_setting=200)),
    "keyperson-my-profile": ("get", None, expect(
        403, manager=200, key_person=200, practitioner=200, other_setting=200)),
    "keyperson-staff-photo": ("get", lambda w: {"profile_uuid": _kim_profile(w).uuid},
                              expect(404, **ACORN)),
    "keyperson-child": ("get", _child, expect(404, **SEE_AVA)),
    "keyperson-assign": ("get", _child, expect(
        404, manager=200, key_person=403, practitioner=403, parent=403)),
    "keyperson-settling-in": ("get", _child, expect(404, **SEE_AVA)),
    "keyperson-settling-plan": ("get", _child, WRITE_AVA),
    "keyperson-settling-visit-new": ("get", _child, WRITE_AVA),
    "keyperson-settling-visit-edit": (
        "get", lambda w: {"child_uuid": w.child.uuid,
                          "visit_uuid": SettlingVisitFactory.create(child=w.child).uuid},
        WRITE_AVA),
    "keyperson-home-visit-new": ("get", _child, WRITE_AVA),
    "keyperson-home-visit-edit": (
        "get", lambda w: {"child_uuid": w.child.uuid,
                          "visit_uuid": HomeVisitFactory.create(child=w.child).uuid}, WRITE_AVA),
    # An empty comment: the page comes back with the form's error (200) for those who may
    # comment: the family, the key person and managers.
    "keyperson-settling-comment": ("post", _child, expect(
        404, manager=200, key_person=200, practitioner=403, parent=200)),
    "keyperson-meeting-request": ("get", _child, expect(
        404, manager=403, key_person=403, practitioner=403, parent=200)),
    "keyperson-slot-book": ("post", _slot, expect(
        404, manager=403, key_person=403, practitioner=403, parent=302)),
    "keyperson-meetings": ("get", None, expect(200)),
    "keyperson-meeting": ("get", lambda w: {"meeting_uuid": ava_meeting(w).uuid},
                          expect(404, **MEETING_PARTIES)),
    # An empty answer: the page comes back with the form's error.
    "keyperson-meeting-answer": ("post", lambda w: {"meeting_uuid": ava_meeting(w).uuid},
                                 expect(404, manager=200, key_person=200, parent=403)),
    "keyperson-meeting-agree": ("post", lambda w: {"meeting_uuid": ava_meeting(w).uuid},
                                expect(404, manager=403, key_person=403, parent=302)),
    "keyperson-meeting-cancel": ("post", lambda w: {"meeting_uuid": ava_meeting(w).uuid},
                                 expect(404, manager=302, key_person=302, parent=302)),
    "keyperson-meeting-ics": ("get", _accepted_meeting, expect(404, **MEETING_PARTIES)),
    "keyperson-event-new": ("get", None, expect(403, manager=200, other_setting=200)),
    "keyperson-event": ("get", lambda w: {"event_uuid": parents_evening(w).uuid},
                        expect(404, **ACORN)),
    "keyperson-event-cancel": ("post", lambda w: {"event_uuid": parents_evening(w).uuid},
                               expect(404, manager=302, key_person=403, practitioner=403,
                                      parent=403, carer_no_info=403, other_parent=403)),
    # Kim's slot: Kim and managers may cancel it; Perry sees it but may not.
    "keyperson-booking-cancel": ("post", _booking, expect(
        404, manager=302, key_person=302, practitioner=403, parent=302)),
    "keyperson-booking-ics": ("get", _booking, expect(404, **SEE_AVA)),
}
# A superuser belongs to no setting: per-setting pages are refused; the meetings page shows
# how to get a setting, like the children's list.
MATRIX["keyperson-caseload"][2]["superuser"] = 403
MATRIX["keyperson-my-profile"][2]["superuser"] = 403
MATRIX["keyperson-event-new"][2]["superuser"] = 403
