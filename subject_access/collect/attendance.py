"""The register: every day the child was signed in and out (corrections kept with the rows
they correct), the regular sessions booked and the absences reported. For a member of staff:
their own shifts and qualification.
"""

from django.utils.translation import gettext

from attendance.models import (
    Absence,
    AttendanceRecord,
    RegularSession,
    StaffQualification,
    StaffShift,
)
from subject_access.collect.rows import linked_children, row, with_people
from subject_access.parts import Part


def _session(obj) -> dict:
    return {"session": obj.session.name if obj.session else ""}


def for_child(child, recipient) -> Part:
    part = Part("attendance", gettext("Attendance"))
    part.records += [row(r, skip=("child", "session", "corrects"), record_type="attendance",
                         is_correction=r.corrects_id is not None, **_session(r))
                     for r in with_people(AttendanceRecord.objects.filter(child=child),
                                          "session")]
    part.records += [row(s, skip=("child", "session"), record_type="regular_session",
                         **_session(s))
                     for s in with_people(RegularSession.objects.filter(child=child),
                                          "session")]
    part.records += [row(a, skip=("child",), record_type="absence")
                     for a in with_people(Absence.objects.filter(child=child))]
    return part


def for_adult(user, setting) -> Part:
    part = Part("attendance", gettext("Attendance"))
    part.records += [row(a, skip=("child",), record_type="absence_reported",
                         child=a.child.full_name)
                     for a in with_people(Absence.objects.filter(
                         reported_by=user, child__in=linked_children(user, setting)), "child")]
    part.records += [row(s, skip=("membership",), record_type="staff_shift")
                     for s in with_people(StaffShift.objects.filter(membership__user=user))]
    part.records += [row(q, skip=("membership",), record_type="qualification")
                     for q in with_people(StaffQualification.objects.filter(
                         membership__user=user))]
    return part
