"""The key person: who was the child's key person and back-up, and when; settling in (the
plan, the visits, the comments), home visits, meetings asked for, parents' evening bookings.
For an adult: the meetings they asked for, their comments and bookings; for staff, their
profile as families see it.

Withheld: the notes for staff only of settling-in and home visits.
"""

from django.utils.translation import gettext, ngettext

from keyperson.models import (
    Assignment,
    Booking,
    HomeVisit,
    MeetingRequest,
    SettlingComment,
    SettlingInPlan,
    SettlingVisit,
    StaffProfile,
)
from subject_access.collect.rows import linked_children, row, value, with_people
from subject_access.parts import BundleFile, Part


def _booking(booking) -> dict:
    return row(booking, skip=("event", "slot", "child"), record_type="parents_evening_booking",
               event=booking.event.title, event_kind_display=str(booking.event.get_kind_display()),
               slot_starts_at=value(booking.slot.starts_at),
               slot_ends_at=value(booking.slot.ends_at),
               with_staff=booking.slot.staff.user.full_name)


BOOKING_RELATED = ("event", "slot__staff__user")


def for_child(child, recipient) -> Part:
    part = Part("keyperson", gettext("Key person and settling in"))
    part.records += [row(a, skip=("child",), record_type="key_person_assignment")
                     for a in with_people(Assignment.objects.filter(child=child))]
    plan = with_people(SettlingInPlan.objects.filter(child=child)).first()
    if plan is not None:
        part.records.append(row(plan, skip=("child",), record_type="settling_in_plan"))
    notes = 0
    for model, record_type in ((SettlingVisit, "settling_visit"), (HomeVisit, "home_visit")):
        for visit in with_people(model.objects.filter(child=child)):
            notes += bool(visit.staff_notes)
            part.records.append(row(visit, skip=("child",), record_type=record_type))
    part.records += [row(c, skip=("child",), record_type="settling_comment")
                     for c in with_people(SettlingComment.objects.filter(child=child))]
    part.records += [row(m, skip=("child",), record_type="meeting_request")
                     for m in with_people(MeetingRequest.objects.filter(child=child))]
    part.records += [_booking(b) for b in
                     with_people(Booking.objects.filter(child=child), *BOOKING_RELATED)]
    if notes:
        part.withheld.append(ngettext(
            "The notes for staff only of %(count)d visit withheld: staff's working notes.",
            "The notes for staff only of %(count)d visits withheld: staff's working notes.",
            notes) % {"count": notes})
    return part


def for_adult(user, setting) -> Part:
    part = Part("keyperson", gettext("Key person and meetings"))
    own = linked_children(user, setting)
    part.records += [row(m, skip=("child",), record_type="meeting_request",
                         child=m.child.full_name)
                     for m in with_people(MeetingRequest.objects.filter(
                         requested_by=user, child__in=own), "child")]
    part.records += [row(c, skip=("child",), record_type="settling_comment",
                         child=c.child.full_name)
                     for c in with_people(SettlingComment.objects.filter(
                         author=user, child__in=own), "child")]
    part.records += [_booking(b) | {"child": b.child.full_name} for b in
                     with_people(Booking.objects.filter(booked_by=user, child__in=own),
                                 *BOOKING_RELATED, "child")]
    for profile in with_people(StaffProfile.objects.filter(membership__user=user)):
        part.records.append(row(profile, skip=("membership",), record_type="staff_profile"))
        if profile.photo:
            part.files.append(BundleFile(f"keyperson/profile-photo-{profile.pk}.jpg",
                                         file=profile.photo))
    return part
