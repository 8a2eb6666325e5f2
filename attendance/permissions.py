"""Who may do what with the register.

- Staff of a setting (``Membership.can_record_attendance``) keep the register: they sign
  children and themselves in and out, record absences, read the daily record and the history.
- Managers (``Membership.can_manage_setting``) also set the sessions and timings, record who
  holds a level 6 qualification, read the log of ratio breaches and export the register.
- A child's family - an adult linked with the right to receive information - sees the child's
  attendance; one with parental responsibility, or who lives with the child, reports absences.

Answers follow the portal's convention (preschool/permissions.py): another setting's object,
or one the person may not see, is 404; a visible object the person may not change is 403.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from families.access import family_child_ids, is_carer_of_child, is_staff_of_child
from preschool.permissions import capability, membership_in, parse_uuid

can_record_attendance = capability("can_record_attendance", "attendance")
can_manage_setting = capability("can_manage_setting", "attendance")
is_staff_member = capability("is_staff_member", "attendance")
keeps_register_of_child = is_staff_of_child & can_record_attendance


@rules.predicate
def child_is_current(user, child):
    return not child.has_left


rules.add_perm("attendance.keep_register", can_record_attendance)
rules.add_perm("attendance.sign_in_staff", is_staff_member)
rules.add_perm("attendance.manage", can_manage_setting)
rules.add_perm("attendance.report_absence",
               child_is_current & (keeps_register_of_child | is_carer_of_child))
rules.add_perm("attendance.change_regular_sessions", child_is_current & keeps_register_of_child)


def _require(perm, request, obj):
    if not rules.has_perm(perm, request.user, obj):
        raise PermissionDenied


def access_room(request, room_uuid):
    """A room of the current setting, for someone who keeps the register.

    A room of another setting (or none) is 404; a member of the setting who does not keep the
    register (a parent) gets 403.
    """
    from families.models import Room

    room = Room.objects.filter(setting=request.setting, uuid=parse_uuid(room_uuid)).first()
    if room is None:
        raise Http404
    _require("attendance.keep_register", request, request.setting)
    return room


def visible_child_object(request, queryset, object_uuid):
    """An object (with ``setting``, ``uuid`` and ``child``) of the current setting, about a
    child the person may see; 404 otherwise. The object's child comes with its room and
    setting."""
    obj = (queryset.filter(setting=request.setting, uuid=parse_uuid(object_uuid))
           .select_related("child__room").first())
    if obj is None:
        raise Http404
    obj.child.setting = request.setting  # the object's setting, so the child's too
    membership = membership_in(request.user, request.setting)
    if membership.can_view_all_children:
        return obj  # staff see every child of their setting
    if obj.child_id not in family_child_ids(request.user, request.setting):
        raise Http404
    return obj


def access_record(request, record_uuid):
    """A register row, for staff of its setting. A family who can see the child gets 403; anyone
    else 404."""
    from attendance.models import AttendanceRecord

    record = visible_child_object(request, AttendanceRecord.objects.select_related("session"),
                                  record_uuid)
    if record.room_id == record.child.room_id:
        record.room = record.child.room  # usually the child's room: no second join
    _require("attendance.keep_register", request, request.setting)
    return record


def access_absence(request, absence_uuid):
    """An absence, for those who may report absences for the child (staff, and adults with
    parental responsibility or who live with the child); 403 for others who see the child."""
    from attendance.models import Absence

    absence = visible_child_object(request, Absence.objects.all(), absence_uuid)
    _require("attendance.report_absence", request, absence.child)
    return absence


def access_shift(request, shift_uuid):
    """A staff shift of the current setting: its own member of staff, or a manager, may sign it
    out; other staff get 403; anyone outside the setting's staff 404."""
    from attendance.models import StaffShift

    shift = (StaffShift.objects.filter(setting=request.setting, uuid=parse_uuid(shift_uuid))
             .select_related("membership__user", "room").first())
    membership = membership_in(request.user, request.setting)
    if shift is None or membership is None or not membership.is_staff_member:
        raise Http404
    if shift.membership_id != membership.pk and not membership.can_manage_setting:
        raise PermissionDenied
    return shift


def access_staff_membership(request, membership_uuid):
    """A member of staff of the current setting, for a manager (403 for other members; 404
    for anyone else's or a family membership)."""
    from preschool.models import Membership

    membership = (Membership.objects.for_setting(request.setting).active().staff()
                  .select_related("user").filter(uuid=parse_uuid(membership_uuid)).first())
    if membership is None:
        raise Http404
    _require("attendance.manage", request, request.setting)
    return membership


def access_session(request, session_uuid):
    """One of the current setting's sessions, for a manager."""
    from attendance.models import Session

    session = Session.objects.filter(setting=request.setting,
                                     uuid=parse_uuid(session_uuid)).first()
    if session is None:
        raise Http404
    _require("attendance.manage", request, request.setting)
    return session
